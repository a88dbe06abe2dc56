package org.rayport.rest.internal.security;

import java.security.Principal;

import javax.ws.rs.core.SecurityContext;

import org.rayport.auth.Session;

/** The JAX-RS view of the session a bearer token proved; its roles were read with the session. */
final class SessionSecurityContext implements SecurityContext {

    private final Session session;
    private final boolean secure;

    SessionSecurityContext(Session session, boolean secure) {
        this.session = session;
        this.secure = secure;
    }

    @Override
    public Principal getUserPrincipal() {
        String userId = session.userId();
        return () -> userId;
    }

    @Override
    public boolean isUserInRole(String role) {
        return session.hasRole(role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return "Bearer";
    }
}
