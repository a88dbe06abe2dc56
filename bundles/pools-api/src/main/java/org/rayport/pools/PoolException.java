package org.rayport.pools;

/** A pool change that cannot be made; the message says why in terms an administrator understands. */
public class PoolException extends RuntimeException {

    public enum Reason { NOT_FOUND, CONFLICT, INVALID }

    private final Reason reason;

    public PoolException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
