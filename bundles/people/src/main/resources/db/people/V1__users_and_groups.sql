CREATE TABLE rp_user (
    id                   VARCHAR(64)   NOT NULL PRIMARY KEY,
    name                 VARCHAR(200)  NOT NULL,
    password_hash        VARCHAR(255)  NOT NULL,
    enabled              BOOLEAN       NOT NULL,
    mail                 VARCHAR(2000) NOT NULL,
    must_change_password BOOLEAN       NOT NULL
);

CREATE TABLE rp_user_role (
    user_id VARCHAR(64) NOT NULL REFERENCES rp_user (id) ON DELETE CASCADE,
    role    VARCHAR(16) NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE rp_group (
    id      VARCHAR(64)  NOT NULL PRIMARY KEY,
    name    VARCHAR(200) NOT NULL,
    enabled BOOLEAN      NOT NULL
);

CREATE TABLE rp_group_member (
    group_id   VARCHAR(64) NOT NULL REFERENCES rp_group (id) ON DELETE CASCADE,
    user_id    VARCHAR(64) NOT NULL REFERENCES rp_user (id) ON DELETE CASCADE,
    chat_admin BOOLEAN     NOT NULL,
    PRIMARY KEY (group_id, user_id)
);

CREATE INDEX rp_group_member_user ON rp_group_member (user_id);
