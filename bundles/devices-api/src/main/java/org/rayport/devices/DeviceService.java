package org.rayport.devices;

import java.util.List;
import java.util.Optional;

/**
 * The devices users log in from. A device becomes known at its first login; the {@link ApprovalPolicy} decides whether
 * it is approved at once or waits for an administrator. Every approved device takes one device licence: approving
 * beyond the licence's limit throws {@code org.rayport.licensing.DeviceLimitException} with the licence's message, and
 * removing a device frees its licence.
 */
public interface DeviceService {

    /** Limits of IDs and names. */
    int MAX_DEVICE_ID_LENGTH = 128;
    int MAX_NAME_LENGTH = 200;

    /** Devices of one user, or of all users when {@code userId} is null; ordered by user, then registration. */
    List<Device> devices(String userId);

    Optional<Device> device(String userId, String deviceId);

    /**
     * A login of a user (whose password and second factor are proven) from a device: records the device (or its new
     * name), applies the approval policy to a new or pending device, and answers its state now.
     *
     * @param deviceName null takes the device ID
     * @throws DeviceException when the ID or name is not acceptable
     * @throws org.rayport.licensing.DeviceLimitException when the policy would approve the device but the licence
     *         allows no more; the device is then on record as pending
     */
    Device arrive(String userId, String deviceId, String deviceName);

    /**
     * Approves a pending or blocked device.
     *
     * @throws DeviceException when the device is unknown
     * @throws org.rayport.licensing.DeviceLimitException when the licence allows no more active devices
     */
    Device approve(String userId, String deviceId);

    /** Blocks a device: tokens issued to it are refused from the next request on, and its licence is free. */
    Device block(String userId, String deviceId);

    /** Forgets a device: frees its licence; its next login counts as a new device. */
    void remove(String userId, String deviceId);

    /** The policy in force (ConfigAdmin PID {@code org.rayport.devices}). */
    ApprovalPolicy policy();

    /** Approved devices of existing users: the number that counts against the licence. */
    int activeDevices();

    /**
     * A number that moves, after the commit, on every change of a device (arrival, approval, block, removal), so that
     * a passed device check may be reused while it stays the same. Negative when the implementation cannot tell.
     */
    default long changeCount() {
        return -1;
    }
}
