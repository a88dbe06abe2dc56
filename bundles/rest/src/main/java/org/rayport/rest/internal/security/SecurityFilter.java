package org.rayport.rest.internal.security;

import java.lang.reflect.Method;
import java.util.Optional;

import javax.annotation.Priority;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.rayport.auth.AuthService;
import org.rayport.auth.DeviceRequired;
import org.rayport.auth.LoginRefusedException;
import org.rayport.auth.Session;
import org.rayport.auth.StreamTicket;
import org.rayport.auth.StreamTicketAccepted;
import org.rayport.rest.PasswordChangeExempt;
import org.rayport.rest.RestApi;
import org.rayport.rest.internal.json.ErrorBody;

/**
 * Every request passes here: the bearer token is proven by {@link AuthService#session(String, String)} (one lookup of
 * the token's last passed check while nothing changed; the roles come with the session), then the endpoint's
 * {@code @PermitAll}/{@code @RolesAllowed} rule is applied, and a user who still has to change the initial password
 * gets 403 everywhere but the password change. A token bound to a device is accepted only with that device's ID in
 * the {@code X-Device-Id} header and while the device stays approved; endpoints marked {@link DeviceRequired} refuse
 * tokens without a device. Endpoints marked {@link StreamTicketAccepted} (event streams) also take a single-use
 * {@link StreamTicket} in the query parameter {@code ticket} instead, for browsers' EventSource; everywhere else that
 * parameter is ignored, so a ticket is no general credential. The caller's {@link Session} is left in the request
 * attribute {@link Session#REQUEST_ATTRIBUTE}.
 */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsName(RestApi.SECURITY_EXTENSION)
@Priority(Priorities.AUTHENTICATION)
public class SecurityFilter implements ContainerRequestFilter {

    private final AuthService auth;

    @Context
    ResourceInfo resourceInfo;

    @Context
    HttpServletRequest request;

    @Activate
    public SecurityFilter(@Reference AuthService auth) {
        this.auth = auth;
    }

    @Override
    public void filter(ContainerRequestContext context) {
        Method method = resourceInfo.getResourceMethod();
        if (method == null) {
            return;
        }
        Access access = Access.of(method, resourceInfo.getResourceClass());
        if (access.permitAll()) {
            return;
        }
        if (access.denied()) {
            context.abortWith(ErrorBody.response(Response.Status.FORBIDDEN, "This endpoint is closed"));
            return;
        }
        Optional<String> token = BearerTokens.from(context.getHeaderString(HttpHeaders.AUTHORIZATION));
        String ticket = token.isEmpty() && method.isAnnotationPresent(StreamTicketAccepted.class)
                ? context.getUriInfo().getQueryParameters().getFirst(StreamTicket.QUERY_PARAMETER) : null;
        if (token.isEmpty() && ticket == null) {
            context.abortWith(unauthorized("Log in first: send 'Authorization: Bearer <token>' from POST "
                    + RestApi.BASE + "/auth/login"));
            return;
        }
        Session session;
        try {
            session = ticket != null ? auth.redeemStreamTicket(ticket)
                    : auth.session(token.get(), context.getHeaderString(DeviceRequired.DEVICE_HEADER));
        } catch (LoginRefusedException refused) {
            context.abortWith(refused.concernsDevice()
                    ? ErrorBody.response(Response.Status.FORBIDDEN, refused.getMessage())
                    : unauthorized(refused.getMessage()));
            return;
        }
        context.setSecurityContext(new SessionSecurityContext(session, request.isSecure()));
        request.setAttribute(Session.REQUEST_ATTRIBUTE, session);
        if (session.mustChangePassword() && !method.isAnnotationPresent(PasswordChangeExempt.class)) {
            context.abortWith(ErrorBody.response(Response.Status.FORBIDDEN,
                    "The password must be changed first: POST " + RestApi.BASE + "/auth/password"));
            return;
        }
        if (access.roles().stream().noneMatch(session::hasRole)) {
            context.abortWith(ErrorBody.response(Response.Status.FORBIDDEN,
                    "This needs the role " + String.join(" or ", access.roles())));
            return;
        }
        if (!session.deviceBound() && deviceRequired(method, resourceInfo.getResourceClass())) {
            context.abortWith(ErrorBody.response(Response.Status.FORBIDDEN,
                    "This serves client data and needs a login from an approved device: log in with 'deviceId' and"
                            + " 'deviceName', and send the device ID in the header " + DeviceRequired.DEVICE_HEADER));
        }
    }

    private static boolean deviceRequired(Method method, Class<?> resource) {
        return method.isAnnotationPresent(DeviceRequired.class)
                || (resource != null && resource.isAnnotationPresent(DeviceRequired.class));
    }

    private static Response unauthorized(String message) {
        return Response.fromResponse(ErrorBody.response(Response.Status.UNAUTHORIZED, message))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"rayport\"").build();
    }
}
