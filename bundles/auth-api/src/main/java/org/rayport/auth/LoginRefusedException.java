package org.rayport.auth;

import java.time.Duration;

/** A login that did not succeed; the message is safe to show to the person who tried. */
public class LoginRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** Unknown user or wrong password: deliberately not told apart. */
        BAD_CREDENTIALS,
        DISABLED,
        /** Too many failures for this account or from this address; try again after {@link #retryAfter()}. */
        THROTTLED
    }

    private final Reason reason;
    private final Duration retryAfter;

    public LoginRefusedException(Reason reason, String message, Duration retryAfter) {
        super(message);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public Reason reason() {
        return reason;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
