-- One row per user and study of a pool. No patient data here: lists read it from the store's index. No foreign keys to
-- the people or store tables, so that each feature migrates its own schema on its own.
CREATE TABLE rp_inbox_entry (
    user_id        VARCHAR(64)  NOT NULL,
    pool_id        VARCHAR(64)  NOT NULL,
    study_uid      VARCHAR(64)  NOT NULL,
    instance_count INTEGER      NOT NULL,
    first_arrival  TIMESTAMP    NOT NULL,
    last_arrival   TIMESTAMP    NOT NULL,
    seen           BOOLEAN      NOT NULL,
    PRIMARY KEY (user_id, pool_id, study_uid)
);

CREATE INDEX rp_inbox_entry_user_arrival ON rp_inbox_entry (user_id, last_arrival);
