package org.rayport.rest.internal.security;

import java.security.Principal;

import javax.ws.rs.core.SecurityContext;

import org.apache.shiro.subject.Subject;

/** The JAX-RS view of the Shiro subject that a bearer token proved. */
final class SubjectSecurityContext implements SecurityContext {

    private final Subject subject;
    private final boolean secure;

    SubjectSecurityContext(Subject subject, boolean secure) {
        this.subject = subject;
        this.secure = secure;
    }

    @Override
    public Principal getUserPrincipal() {
        String userId = (String) subject.getPrincipal();
        return () -> userId;
    }

    @Override
    public boolean isUserInRole(String role) {
        return subject.hasRole(role);
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
