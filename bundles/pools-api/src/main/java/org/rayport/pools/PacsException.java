package org.rayport.pools;

/** A PACS operation that failed; the message says why in terms an administrator understands. */
public class PacsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** Nothing answers at the PACS address, or the host name does not resolve. */
        UNREACHABLE,
        /** The PACS rejected the association (e.g. a called or calling AE title it does not know). */
        REJECTED,
        /** The PACS accepted the association but refused or failed the request. */
        REFUSED,
        /** The pool does not work: disabled, or misconfigured. */
        UNAVAILABLE
    }

    private final Reason reason;

    public PacsException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public PacsException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
