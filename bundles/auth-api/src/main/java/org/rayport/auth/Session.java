package org.rayport.auth;

import java.time.Instant;
import java.util.Set;

/**
 * A logged-in user as the token proves it now: roles and the must-change flag are read afresh on every lookup, so a
 * disabled user or a removed role takes effect at once.
 *
 * @param token     the bearer token, or null where the session was proven otherwise (a {@link StreamTicket}) or is
 *                  held apart from its token
 * @param deviceId  the device the token is bound to, or null for a token obtained without a device, which serves
 *                  administration only (see {@link DeviceRequired})
 * @param sessionId the login session's handle for {@link AuthService#stillAdmitted(Session)}: no credential (HTTP
 *                  accepts it nowhere), kept by responses that outlive their request, such as event streams; null
 *                  for a session not made by the auth service
 */
public record Session(String token, String userId, Set<String> roles, boolean mustChangePassword, Instant expiresAt,
                      String deviceId, String sessionId) {

    /**
     * The name of the request attribute under which the REST security filter leaves the caller's session, for
     * resources that need to know the device.
     */
    public static final String REQUEST_ATTRIBUTE = "org.rayport.auth.Session";

    public Session {
        roles = Set.copyOf(roles);
    }

    /** A session without a handle (see {@code sessionId}). */
    public Session(String token, String userId, Set<String> roles, boolean mustChangePassword, Instant expiresAt,
                   String deviceId) {
        this(token, userId, roles, mustChangePassword, expiresAt, deviceId, null);
    }

    /** A session without a device. */
    public Session(String token, String userId, Set<String> roles, boolean mustChangePassword, Instant expiresAt) {
        this(token, userId, roles, mustChangePassword, expiresAt, null);
    }

    /** This session without its token, for holders that outlive the request (the handle stays). */
    public Session withoutToken() {
        return new Session(null, userId, roles, mustChangePassword, expiresAt, deviceId, sessionId);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean deviceBound() {
        return deviceId != null;
    }

    /** Keeps the token (and the handle) out of logs. */
    @Override
    public String toString() {
        return "Session[user=" + userId + ", device=" + deviceId + ", roles=" + roles + ", mustChangePassword="
                + mustChangePassword + ", expiresAt=" + expiresAt + "]";
    }
}
