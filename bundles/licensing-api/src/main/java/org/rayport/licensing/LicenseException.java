package org.rayport.licensing;

/**
 * A licence file that was refused. Each {@link Reason} has its own message, written for the administrator who
 * installs the file; the licence in force before stays in force.
 */
public class LicenseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a licence file was refused; the REST API shows the name as {@code reason}. */
    public enum Reason {
        /** The file has no content at all. */
        EMPTY,
        /** Larger than any licence could be: not read further. */
        TOO_LARGE,
        /** Not a Rayport licence: not text, or lines or fields that do not follow the format. */
        MALFORMED,
        /** Signed by a key this server does not trust: not issued by the vendor. */
        UNKNOWN_KEY,
        /** The signature does not match the content: the file was changed after it was issued. */
        BAD_SIGNATURE,
        /** Issued for another registration key: another installation, or this one moved to another machine. */
        OTHER_INSTALLATION,
        /** Its validity period is over. */
        EXPIRED,
        /** Its validity period has not begun. */
        NOT_YET_VALID
    }

    private final Reason reason;

    public LicenseException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public LicenseException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
