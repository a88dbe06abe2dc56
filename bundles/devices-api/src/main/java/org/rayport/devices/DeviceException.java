package org.rayport.devices;

/** A device operation that was refused; the message is written for people. */
public class DeviceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** No such device of that user. */
        UNKNOWN,
        /** An ID or name that is not acceptable; {@link #field()} names it. */
        INVALID_INPUT
    }

    private final Kind kind;
    private final String field;

    public DeviceException(Kind kind, String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public static DeviceException unknown(String userId, String deviceId) {
        return new DeviceException(Kind.UNKNOWN, null, "User '" + userId + "' has no device '" + deviceId + "'");
    }

    public Kind kind() {
        return kind;
    }

    /** The input field at fault, or null. */
    public String field() {
        return field;
    }
}
