package org.rayport.devices;

import java.time.Instant;
import java.util.Objects;

/**
 * One device of one user. The same device ID under two users is two devices: a shared tablet is approved per person.
 *
 * @param deviceId     the client's own stable ID for the device
 * @param name         what the client calls it, for administrators
 * @param lastLoginAt  the last login from it, successful or not
 */
public record Device(String userId, String deviceId, String name, DeviceState state, Instant registeredAt,
                     Instant stateChangedAt, Instant lastLoginAt) {

    public Device {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
    }

    /** Approved and not blocked: it may be used, and it takes a device licence. */
    public boolean active() {
        return state == DeviceState.APPROVED;
    }
}
