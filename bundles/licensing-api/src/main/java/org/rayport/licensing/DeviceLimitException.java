package org.rayport.licensing;

/** One more device would exceed what the licence (or evaluation mode) allows. */
public class DeviceLimitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int activeDevices;
    private final int maxDevices;

    public DeviceLimitException(int activeDevices, int maxDevices, String message) {
        super(message);
        this.activeDevices = activeDevices;
        this.maxDevices = maxDevices;
    }

    public int activeDevices() {
        return activeDevices;
    }

    public int maxDevices() {
        return maxDevices;
    }
}
