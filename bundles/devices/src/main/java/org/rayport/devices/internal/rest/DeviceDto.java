package org.rayport.devices.internal.rest;

import java.time.Instant;

import org.rayport.devices.Device;

/** A device in JSON. */
public record DeviceDto(String userId, String deviceId, String name, String state, boolean active,
                        Instant registeredAt, Instant stateChangedAt, Instant lastLoginAt) {

    static DeviceDto of(Device device) {
        return new DeviceDto(device.userId(), device.deviceId(), device.name(), device.state().name(),
                device.active(), device.registeredAt(), device.stateChangedAt(), device.lastLoginAt());
    }
}
