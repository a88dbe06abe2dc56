package org.rayport.devices;

/**
 * Two-factor authentication with time-based one-time passwords as authenticator apps use them (RFC 6238: HMAC-SHA-1,
 * 30-second steps, 6 digits). A code is accepted one step early or late, and never twice. Secrets are encrypted at
 * rest and never logged.
 */
public interface TwoFactorService {

    TwoFactorState state(String userId);

    /**
     * Issues a new secret (replacing one not yet confirmed); two-factor authentication is on once {@link #confirm}ed.
     *
     * @throws TwoFactorException ALREADY_ACTIVE when it is on already
     */
    Enrolment enrol(String userId);

    /**
     * Switches two-factor authentication on with the app's first code.
     *
     * @throws TwoFactorException NOT_ENROLLING or WRONG_CODE
     */
    void confirm(String userId, String code);

    /** Whether the code is right now and was not used before; a right code is used up by this call. */
    boolean verify(String userId, String code);

    /** Switches it off and forgets the secret (an administrator's "Reset 2FA", e.g. after a lost phone). */
    void reset(String userId);
}
