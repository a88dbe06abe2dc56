package org.rayport.auth;

import java.util.Optional;

/** Password logins that yield bearer tokens, for REST clients; the shell and web console use the JAAS realm. */
public interface AuthService {

    /** Role names, as REST's {@code @RolesAllowed} and the shell's role principals use them. */
    String ROLE_ADMIN = "admin";
    String ROLE_USER = "user";

    /**
     * @param source the client's address, for throttling repeated failures
     * @throws LoginRefusedException when the credentials are wrong, the user is disabled, or failures are throttled
     */
    Session login(String username, String password, String source);

    /** The live session of a token, or empty when the token is unknown, expired, logged out or its user disabled. */
    Optional<Session> session(String token);

    void logout(String token);

    /** Changes the password of the token's user; the session stays valid and no longer must change it. */
    Session changePassword(String token, String currentPassword, String newPassword);
}
