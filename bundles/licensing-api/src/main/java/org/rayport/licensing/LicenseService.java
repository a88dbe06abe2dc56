package org.rayport.licensing;

/** The licence of this installation: what is in force, and installing or removing a licence file. */
public interface LicenseService {

    /**
     * The key a customer sends to the vendor to get a licence for this installation, e.g. {@code 7K3M-Q9ZT-4WXH-2NB6}:
     * derived from the host and the installation's own ID in the data directory, so that a copy of the data on
     * another machine has another key.
     */
    String registrationKey();

    /** The status now; never null, evaluation mode when there is no usable licence. */
    LicenseStatus status();

    /**
     * Checks and installs a licence file: it replaces the licence in force, is kept in the data directory and the
     * modules it names start at once, those it no longer names stop.
     *
     * @throws LicenseException when the file is refused; nothing changes then
     */
    LicenseStatus install(byte[] licenseFile);

    /** Removes the installed licence: the server falls back to evaluation mode and every licensed module stops. */
    LicenseStatus remove();

    /** The most devices that may be active at once now: the licence's number, or the evaluation limit. */
    default int maxDevices() {
        return status().maxDevices();
    }

    /**
     * Whether one more device may be activated.
     *
     * @param activeDevices how many are active now
     * @throws DeviceLimitException with a message for the administrator when it may not
     */
    default void checkAnotherDevice(int activeDevices) {
        status().checkAnotherDevice(activeDevices);
    }
}
