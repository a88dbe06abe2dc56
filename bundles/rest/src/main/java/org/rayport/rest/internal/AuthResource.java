package org.rayport.rest.internal;

import javax.annotation.security.PermitAll;
import javax.annotation.security.RolesAllowed;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.BadRequestException;
import javax.ws.rs.Consumes;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
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
import org.rayport.auth.Session;
import org.rayport.rest.PasswordChangeExempt;
import org.rayport.rest.RestApi;
import org.rayport.rest.internal.security.BearerTokens;

@Component(service = AuthResource.class)
@JaxrsResource
@JaxrsName("rayport.auth")
@JSONRequired
@JaxrsExtensionSelect({RestApi.REQUIRED_EXTENSIONS_SECURITY, RestApi.REQUIRED_EXTENSIONS_JSON})
@Path(RestApi.BASE + "/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    public record LoginRequest(String username, String password) {
        @Override
        public String toString() {
            return "LoginRequest[username=" + username + "]";
        }
    }

    public record LoginResponse(String token, boolean mustChangePassword, java.time.Instant expiresAt) {
    }

    public record PasswordChange(String oldPassword, String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange";
        }
    }

    private final AuthService auth;

    @Context
    HttpServletRequest request;

    @Activate
    public AuthResource(@Reference AuthService auth) {
        this.auth = auth;
    }

    @POST
    @Path("/login")
    @PermitAll
    public LoginResponse login(LoginRequest login) {
        if (login == null) {
            throw new BadRequestException("Send {\"username\": ..., \"password\": ...}");
        }
        Session session = auth.login(login.username(), login.password(), request.getRemoteAddr());
        return new LoginResponse(session.token(), session.mustChangePassword(), session.expiresAt());
    }

    @POST
    @Path("/password")
    @RolesAllowed({AuthService.ROLE_ADMIN, AuthService.ROLE_USER})
    @PasswordChangeExempt
    public Response changePassword(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, PasswordChange change) {
        if (change == null) {
            throw new BadRequestException("Send {\"oldPassword\": ..., \"newPassword\": ...}");
        }
        auth.changePassword(BearerTokens.from(authorization).orElseThrow(), change.oldPassword(), change.newPassword());
        return Response.noContent().build();
    }

    @POST
    @Path("/logout")
    @RolesAllowed({AuthService.ROLE_ADMIN, AuthService.ROLE_USER})
    @PasswordChangeExempt
    public Response logout(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        BearerTokens.from(authorization).ifPresent(auth::logout);
        return Response.noContent().build();
    }
}
