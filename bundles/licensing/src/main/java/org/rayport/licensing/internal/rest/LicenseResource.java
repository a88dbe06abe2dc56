package org.rayport.licensing.internal.rest;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
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
import org.rayport.licensing.LicenseException;
import org.rayport.licensing.LicenseService;
import org.rayport.rest.RestApi;

/**
 * The licence for administrators: the status with the registration key, installing a licence file (the body of a PUT,
 * as the vendor sent it) and removing it.
 */
@Component(service = LicenseResource.class)
@JaxrsResource
@JaxrsName("rayport.admin.license")
@JSONRequired
@JaxrsExtensionSelect({RestApi.REQUIRED_EXTENSIONS_SECURITY, RestApi.REQUIRED_EXTENSIONS_JSON})
@Path(RestApi.BASE + "/admin/license")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AuthService.ROLE_ADMIN)
public class LicenseResource {

    /** A refused licence: like every Rayport error, plus the {@link LicenseException.Reason} for programs. */
    public record LicenseError(int status, String error, String reason) {
    }

    private final LicenseService licenses;

    @Activate
    public LicenseResource(@Reference LicenseService licenses) {
        this.licenses = licenses;
    }

    @GET
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public LicenseDto license() {
        return LicenseDto.of(licenses.status());
    }

    /** The file as it came from the vendor; {@code curl -T rayport.license} sends it so. */
    @PUT
    @Consumes({MediaType.APPLICATION_OCTET_STREAM, MediaType.TEXT_PLAIN})
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public Response install(byte[] licenseFile) {
        try {
            return Response.ok(LicenseDto.of(licenses.install(licenseFile))).build();
        } catch (LicenseException refused) {
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new LicenseError(400, refused.getMessage(), refused.reason().name())).build();
        }
    }

    @DELETE
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public LicenseDto remove() {
        return LicenseDto.of(licenses.remove());
    }
}
