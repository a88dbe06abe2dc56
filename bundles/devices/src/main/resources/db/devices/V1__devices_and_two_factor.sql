-- Devices belong to users of the people feature; no foreign key to its tables, so that each feature migrates its own
-- schema on its own. Devices of a removed user no longer count as active (see JpaDeviceService.activeDevices).
CREATE TABLE rp_device (
    user_id          VARCHAR(64)  NOT NULL,
    device_id        VARCHAR(128) NOT NULL,
    name             VARCHAR(200) NOT NULL,
    state            VARCHAR(16)  NOT NULL,
    registered_at    TIMESTAMP    NOT NULL,
    state_changed_at TIMESTAMP    NOT NULL,
    last_login_at    TIMESTAMP    NOT NULL,
    PRIMARY KEY (user_id, device_id)
);

CREATE INDEX rp_device_state ON rp_device (state);

-- The TOTP secret is AES-GCM encrypted with a key kept outside the database (etc/rayport-two-factor.key).
-- last_step is the last 30-second step whose code was accepted: no code of that step or an earlier one is accepted again.
CREATE TABLE rp_two_factor (
    user_id     VARCHAR(64)  NOT NULL PRIMARY KEY,
    secret      VARCHAR(200) NOT NULL,
    confirmed   BOOLEAN      NOT NULL,
    last_step   BIGINT,
    enrolled_at TIMESTAMP    NOT NULL
);
