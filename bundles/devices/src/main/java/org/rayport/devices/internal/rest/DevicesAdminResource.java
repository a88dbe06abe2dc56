package org.rayport.devices.internal.rest;

import java.util.List;
import java.util.stream.Collectors;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rayport.auth.AuthService;
import org.rayport.devices.DeviceException;
import org.rayport.devices.DeviceService;
import org.rayport.licensing.DeviceLimitException;
import org.rayport.licensing.LicenseService;
import org.rayport.rest.RestApi;

/** Devices for administrators: the list with the policy and licence count, approve, block, remove. */
@Component(service = DevicesAdminResource.class)
@JaxrsResource
@JaxrsName("rayport.admin.devices")
@JSONRequired
@JaxrsExtensionSelect({RestApi.REQUIRED_EXTENSIONS_SECURITY, RestApi.REQUIRED_EXTENSIONS_JSON})
@Path(RestApi.BASE + "/admin/devices")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AuthService.ROLE_ADMIN)
public class DevicesAdminResource {

    /** @param maxDevices what the licence allows now */
    public record DeviceList(String policy, int activeDevices, int maxDevices, List<DeviceDto> devices) {
    }

    private final DeviceService devices;
    private final LicenseService licenses;

    @Activate
    public DevicesAdminResource(@Reference DeviceService devices, @Reference LicenseService licenses) {
        this.devices = devices;
        this.licenses = licenses;
    }

    @GET
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public DeviceList list(@QueryParam("user") String userId) {
        String user = userId == null || userId.isBlank() ? null : userId.strip();
        return new DeviceList(devices.policy().name(), devices.activeDevices(), licenses.maxDevices(),
                devices.devices(user).stream().map(DeviceDto::of).collect(Collectors.toList()));
    }

    @GET
    @Path("/{userId}/{deviceId}")
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public Response device(@PathParam("userId") String userId, @PathParam("deviceId") String deviceId) {
        return devices.device(userId, deviceId).map(device -> Response.ok(DeviceDto.of(device)).build())
                .orElseGet(() -> refused(DeviceException.unknown(userId, deviceId)));
    }

    /** 409 with the licence's message when no device licence is free. */
    @POST
    @Path("/{userId}/{deviceId}/approve")
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public Response approve(@PathParam("userId") String userId, @PathParam("deviceId") String deviceId) {
        try {
            return Response.ok(DeviceDto.of(devices.approve(userId, deviceId))).build();
        } catch (DeviceException e) {
            return refused(e);
        } catch (DeviceLimitException limit) {
            return ErrorJson.response(409, limit.getMessage(), null);
        }
    }

    @POST
    @Path("/{userId}/{deviceId}/block")
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public Response block(@PathParam("userId") String userId, @PathParam("deviceId") String deviceId) {
        try {
            return Response.ok(DeviceDto.of(devices.block(userId, deviceId))).build();
        } catch (DeviceException e) {
            return refused(e);
        }
    }

    @DELETE
    @Path("/{userId}/{deviceId}")
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public Response remove(@PathParam("userId") String userId, @PathParam("deviceId") String deviceId) {
        try {
            devices.remove(userId, deviceId);
            return Response.noContent().build();
        } catch (DeviceException e) {
            return refused(e);
        }
    }

    static Response refused(DeviceException e) {
        return ErrorJson.response(e.kind() == DeviceException.Kind.UNKNOWN ? 404 : 400, e.getMessage(), e.field());
    }
}
