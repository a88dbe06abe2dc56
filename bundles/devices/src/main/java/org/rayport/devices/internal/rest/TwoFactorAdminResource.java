package org.rayport.devices.internal.rest;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
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
import org.rayport.devices.TwoFactorService;
import org.rayport.people.PeopleService;
import org.rayport.people.UnknownPersonException;
import org.rayport.rest.RestApi;

/** A user's two-factor state for administrators, and "Reset 2FA" (a lost phone): logins need the password only. */
@Component(service = TwoFactorAdminResource.class)
@JaxrsResource
@JaxrsName("rayport.admin.two-factor")
@JSONRequired
@JaxrsExtensionSelect({RestApi.REQUIRED_EXTENSIONS_SECURITY, RestApi.REQUIRED_EXTENSIONS_JSON})
@Path(RestApi.BASE + "/admin/two-factor")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AuthService.ROLE_ADMIN)
public class TwoFactorAdminResource {

    private final TwoFactorService twoFactor;
    private final PeopleService people;

    @Activate
    public TwoFactorAdminResource(@Reference TwoFactorService twoFactor, @Reference PeopleService people) {
        this.twoFactor = twoFactor;
        this.people = people;
    }

    @GET
    @Path("/{userId}")
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public TwoFactorResource.State state(@PathParam("userId") String userId) {
        requireUser(userId);
        return new TwoFactorResource.State(twoFactor.state(userId).name());
    }

    @DELETE
    @Path("/{userId}")
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public Response reset(@PathParam("userId") String userId) {
        requireUser(userId);
        twoFactor.reset(userId);
        return Response.noContent().build();
    }

    /** The people exception mapper answers 404. */
    private void requireUser(String userId) {
        if (people.user(userId).isEmpty()) {
            throw new UnknownPersonException("user", userId);
        }
    }
}
