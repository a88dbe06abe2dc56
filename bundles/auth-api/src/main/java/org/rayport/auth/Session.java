package org.rayport.auth;

import java.time.Instant;
import java.util.Set;

/**
 * A logged-in user as the token proves it now: roles and the must-change flag are read afresh on every lookup, so a
 * disabled user or a removed role takes effect at once.
 */
public record Session(String token, String userId, Set<String> roles, boolean mustChangePassword, Instant expiresAt) {

    public Session {
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Keeps the token out of logs. */
    @Override
    public String toString() {
        return "Session[user=" + userId + ", roles=" + roles + ", mustChangePassword=" + mustChangePassword
                + ", expiresAt=" + expiresAt + "]";
    }
}
