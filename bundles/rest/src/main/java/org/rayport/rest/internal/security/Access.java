package org.rayport.rest.internal.security;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Set;

import javax.annotation.security.DenyAll;
import javax.annotation.security.PermitAll;
import javax.annotation.security.RolesAllowed;

/**
 * The access rule of one endpoint, as its annotations state it: the method's own annotation wins over its class's.
 * An endpoint that states nothing is closed, so a forgotten annotation fails safe.
 */
record Access(boolean permitAll, Set<String> roles) {

    static final Access DENY = new Access(false, Set.of());

    static Access of(Method method, Class<?> resource) {
        Access own = declared(method);
        if (own != null) {
            return own;
        }
        Access inherited = resource == null ? null : declared(resource);
        return inherited != null ? inherited : DENY;
    }

    private static Access declared(AnnotatedElement element) {
        if (element.isAnnotationPresent(DenyAll.class)) {
            return DENY;
        }
        if (element.isAnnotationPresent(PermitAll.class)) {
            return new Access(true, Set.of());
        }
        RolesAllowed roles = element.getAnnotation(RolesAllowed.class);
        return roles == null ? null : new Access(false, Set.of(roles.value()));
    }

    boolean denied() {
        return !permitAll && roles.isEmpty();
    }
}
