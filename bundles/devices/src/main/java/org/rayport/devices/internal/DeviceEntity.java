package org.rayport.devices.internal;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

import org.rayport.devices.Device;
import org.rayport.devices.DeviceState;

@Entity
@Table(name = "rp_device")
@IdClass(DeviceEntity.Key.class)
public class DeviceEntity {

    /** The primary key: a device ID is the client's, so it is unique per user only. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        String userId;
        String deviceId;

        public Key() {
        }

        Key(String userId, String deviceId) {
            this.userId = userId;
            this.deviceId = deviceId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(userId, key.userId) && Objects.equals(deviceId, key.deviceId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, deviceId);
        }
    }

    @Id
    @Column(name = "user_id", length = 64)
    String userId;

    @Id
    @Column(name = "device_id", length = 128)
    String deviceId;

    @Column(name = "name", nullable = false, length = 200)
    String name;

    @Enumerated(EnumType.STRING)
    @Column(name = "state", nullable = false, length = 16)
    DeviceState state;

    @Column(name = "registered_at", nullable = false)
    Instant registeredAt;

    @Column(name = "state_changed_at", nullable = false)
    Instant stateChangedAt;

    @Column(name = "last_login_at", nullable = false)
    Instant lastLoginAt;

    void changeState(DeviceState newState, Instant now) {
        state = newState;
        stateChangedAt = now;
    }

    Device toDevice() {
        return new Device(userId, deviceId, name, state, registeredAt, stateChangedAt, lastLoginAt);
    }
}
