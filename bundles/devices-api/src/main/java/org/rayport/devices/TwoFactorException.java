package org.rayport.devices;

/** A two-factor operation that was refused; the message is written for people. */
public class TwoFactorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** Enrolment while two-factor authentication is active: an administrator must reset it first. */
        ALREADY_ACTIVE,
        /** Confirmation without an enrolment. */
        NOT_ENROLLING,
        /** A wrong, expired or already used code. */
        WRONG_CODE
    }

    private final Kind kind;

    public TwoFactorException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
