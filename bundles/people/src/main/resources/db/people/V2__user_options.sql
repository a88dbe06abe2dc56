-- Free-form per-user settings, kept for clients and later features.
CREATE TABLE rp_user_option (
    user_id   VARCHAR(64)   NOT NULL REFERENCES rp_user (id) ON DELETE CASCADE,
    opt_key   VARCHAR(64)   NOT NULL,
    opt_value VARCHAR(1000) NOT NULL,
    PRIMARY KEY (user_id, opt_key)
);

-- Rows written before this version have no creation time; they count as created now.
ALTER TABLE rp_user ADD COLUMN created_at TIMESTAMP;
UPDATE rp_user SET created_at = CURRENT_TIMESTAMP WHERE created_at IS NULL;
ALTER TABLE rp_user ALTER COLUMN created_at SET NOT NULL;
