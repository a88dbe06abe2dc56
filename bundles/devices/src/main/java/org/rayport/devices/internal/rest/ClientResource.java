package org.rayport.devices.internal.rest;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.annotation.security.RolesAllowed;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rayport.auth.AuthService;
import org.rayport.auth.DeviceRequired;
import org.rayport.auth.Session;
import org.rayport.devices.DeviceService;
import org.rayport.people.Group;
import org.rayport.people.PeopleService;
import org.rayport.people.User;
import org.rayport.rest.RestApi;

/**
 * The first client endpoint: who the caller is, from which device, and in which groups. Like every client endpoint it
 * is {@link DeviceRequired}: tokens without a device (administration logins) get 403.
 */
@Component(service = ClientResource.class)
@JaxrsResource
@JaxrsName("rayport.client")
@JSONRequired
@JaxrsExtensionSelect({RestApi.REQUIRED_EXTENSIONS_SECURITY, RestApi.REQUIRED_EXTENSIONS_JSON})
@Path(RestApi.BASE + "/client")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AuthService.ROLE_USER)
@DeviceRequired
public class ClientResource {

    public record Me(String userId, String name, Set<String> roles, List<String> groups, DeviceDto device) {
    }

    private final PeopleService people;
    private final DeviceService devices;

    @Context
    HttpServletRequest request;

    @Activate
    public ClientResource(@Reference PeopleService people, @Reference DeviceService devices) {
        this.people = people;
        this.devices = devices;
    }

    @GET
    @Path("/me")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Me me() {
        Session session = (Session) request.getAttribute(Session.REQUEST_ATTRIBUTE);
        User user = people.user(session.userId()).orElseThrow();
        DeviceDto device = devices.device(session.userId(), session.deviceId()).map(DeviceDto::of).orElseThrow();
        return new Me(user.id(), user.name(), new TreeSet<>(session.roles()),
                people.groupsOf(user.id()).stream().map(Group::id).toList(), device);
    }
}
