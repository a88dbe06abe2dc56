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
import org.rayport.auth.LoginAttempt;
import org.rayport.auth.LoginRefusedException;
import org.rayport.auth.Session;
import org.rayport.rest.PasswordChangeExempt;
import org.rayport.rest.RestApi;
import org.rayport.rest.internal.json.ErrorBody;
import org.rayport.rest.internal.security.BearerTokens;

import com.fasterxml.jackson.annotation.JsonInclude;

@Component(service = AuthResource.class)
@JaxrsResource
@JaxrsName("rayport.auth")
@JSONRequired
@JaxrsExtensionSelect({RestApi.REQUIRED_EXTENSIONS_SECURITY, RestApi.REQUIRED_EXTENSIONS_JSON})
@Path(RestApi.BASE + "/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    /**
     * @param deviceId   the client's stable ID of its device; without it the token serves administration only
     * @param deviceName a name for administrators, e.g. "iPad of Dr. Weber"
     * @param totp       the authenticator app's current code, for accounts with two-factor authentication
     */
    public record LoginRequest(String username, String password, String deviceId, String deviceName, String totp) {
        @Override
        public String toString() {
            return "LoginRequest[username=" + username + ", deviceId=" + deviceId + "]";
        }
    }

    /** A refused login: like every Rayport error, plus the {@link LoginRefusedException.Reason} for programs. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LoginError(int status, String error, String field, String reason) {
    }

    /** @param deviceId the device the token is bound to; null for an administration token */
    public record LoginResponse(String token, boolean mustChangePassword, java.time.Instant expiresAt,
                                String deviceId) {
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
    public Response login(LoginRequest login) {
        if (login == null) {
            throw new BadRequestException("Send {\"username\": ..., \"password\": ...}");
        }
        if (login.deviceName() != null && login.deviceId() == null) {
            return ErrorBody.response(400, "deviceName needs a deviceId", "deviceId");
        }
        try {
            Session session = auth.login(new LoginAttempt(login.username(), login.password(), login.deviceId(),
                    login.deviceName(), login.totp(), request.getRemoteAddr()));
            return Response.ok(new LoginResponse(session.token(), session.mustChangePassword(), session.expiresAt(),
                    session.deviceId())).build();
        } catch (LoginRefusedException refused) {
            return refusal(refused);
        }
    }

    /** 401 for who the caller is (password, code, session), 403 for the device, 400 for bad device data, 429. */
    static Response refusal(LoginRefusedException refused) {
        int status;
        String field = null;
        switch (refused.reason()) {
            case THROTTLED:
                status = 429;
                break;
            case INVALID_DEVICE:
                status = 400;
                field = "deviceId";
                break;
            case SECOND_FACTOR_REQUIRED:
            case SECOND_FACTOR_WRONG:
                status = 401;
                field = "totp";
                break;
            case DEVICE_PENDING:
            case DEVICE_BLOCKED:
            case DEVICE_LIMIT:
                status = 403;
                field = "deviceId";
                break;
            default:
                status = 401;
        }
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new LoginError(status, refused.getMessage(), field, refused.reason().name()));
        if (status == 429) {
            response.header("Retry-After", Math.max(1, refused.retryAfter().toSeconds()));
        }
        return response.build();
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
