package org.rayport.auth;

import java.util.Optional;

/** Password logins that yield bearer tokens, for REST clients; the shell and web console use the JAAS realm. */
public interface AuthService {

    /** Role names, as REST's {@code @RolesAllowed} and the shell's role principals use them. */
    String ROLE_ADMIN = "admin";
    String ROLE_USER = "user";

    /**
     * Proves the password, then lets the {@link LoginGuard} check the second factor and the device, and issues a
     * token bound to the device (if the attempt names one).
     *
     * @throws LoginRefusedException when the credentials are wrong, the user is disabled, failures are throttled, the
     *                               second factor is missing or wrong, or the device is not approved
     */
    Session login(LoginAttempt attempt);

    /** A login without a device or second factor. */
    default Session login(String username, String password, String source) {
        return login(LoginAttempt.withPassword(username, password, source));
    }

    /** The live session of a token, or empty when the token is unknown, expired, logged out or no longer admitted. */
    Optional<Session> session(String token);

    /**
     * The live session of a token presented together with a device ID (the {@link DeviceRequired#DEVICE_HEADER}
     * header, null when absent). A token bound to a device is valid only with that device's ID.
     *
     * @throws LoginRefusedException saying why the token is not accepted
     */
    Session session(String token, String presentedDeviceId);

    /**
     * A {@link StreamTicket} for the session (as {@link #session(String, String)} proved it): lets a browser's
     * {@code EventSource}, which cannot send headers, open an event stream as this session, once, within the ticket's
     * lifetime.
     *
     * @throws LoginRefusedException when the session ended meanwhile
     */
    StreamTicket issueStreamTicket(Session session);

    /**
     * Uses up a stream ticket and answers its session, checked as a token is on every request: refused when the
     * ticket is unknown, used or expired, or its session's token was logged out or expired, the user disabled or
     * the device blocked since it was issued. The session has no token ({@link Session#token()} is null).
     *
     * @throws LoginRefusedException saying why the ticket is not accepted
     */
    Session redeemStreamTicket(String ticket);

    /**
     * Whether the session is still admitted (token live, user enabled, device approved), for responses that outlive
     * the request that proved it; cheap while nothing changed. False for a session without a handle.
     */
    boolean stillAdmitted(Session session);

    void logout(String token);

    /** Changes the password of the token's user; the session stays valid and no longer must change it. */
    Session changePassword(String token, String currentPassword, String newPassword);
}
