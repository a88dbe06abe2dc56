package org.rayport.auth;

import java.time.Duration;

/** A login, or a request with a token, that did not succeed; the message is safe to show to the person who tried. */
public class LoginRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** Unknown user or wrong password: deliberately not told apart. */
        BAD_CREDENTIALS,
        DISABLED,
        /** Too many failures for this account or from this address; try again after {@link #retryAfter()}. */
        THROTTLED,
        /** The account uses two-factor authentication and the login carried no code. */
        SECOND_FACTOR_REQUIRED,
        /** The code was wrong, outside the time window, or used before. */
        SECOND_FACTOR_WRONG,
        /** The device ID or name is not acceptable. */
        INVALID_DEVICE,
        /** The device is known but not approved yet. */
        DEVICE_PENDING,
        DEVICE_BLOCKED,
        /** The device was removed, or the token's device does not match the one presented. */
        DEVICE_UNKNOWN,
        /** Approving one more device would exceed the licence. */
        DEVICE_LIMIT,
        /** The token is unknown, expired or logged out, or its user disabled or removed. */
        SESSION_ENDED
    }

    private final Reason reason;
    private final Duration retryAfter;

    public LoginRefusedException(Reason reason, String message, Duration retryAfter) {
        super(message);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public LoginRefusedException(Reason reason, String message) {
        this(reason, message, Duration.ZERO);
    }

    public Reason reason() {
        return reason;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whether the refusal concerns the device rather than the person: HTTP 403 rather than 401. */
    public boolean concernsDevice() {
        return reason == Reason.DEVICE_PENDING || reason == Reason.DEVICE_BLOCKED || reason == Reason.DEVICE_LIMIT;
    }
}
