package org.rayport.pacsupload;

/** A request the queue refuses; the message says what and why. */
public class PacsUploadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** No such queue entry. */
        NOT_FOUND,
        /** The request itself is malformed (an empty pool id or UID, an unknown state). */
        INVALID
    }

    private final Reason reason;

    public PacsUploadException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
