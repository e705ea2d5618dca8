-- Documents: counters, update log, snapshots, versions and the audit trail.
CREATE TABLE aq_document (
    doc_id        VARCHAR(512) NOT NULL PRIMARY KEY,
    last_seq      BIGINT NOT NULL,
    last_hash     CHAR(64) NOT NULL,
    version_count BIGINT NOT NULL
);

CREATE TABLE aq_update (
    doc_id VARCHAR(512) NOT NULL,
    seq    BIGINT NOT NULL,
    bytes  BYTEA NOT NULL,
    PRIMARY KEY (doc_id, seq)
);

CREATE TABLE aq_snapshot (
    doc_id    VARCHAR(512) NOT NULL PRIMARY KEY,
    up_to_seq BIGINT NOT NULL,
    state     BYTEA NOT NULL
);

CREATE TABLE aq_version (
    version_id VARCHAR(64) NOT NULL PRIMARY KEY,
    doc_id     VARCHAR(512) NOT NULL,
    version_no BIGINT NOT NULL,
    name       VARCHAR(1024),
    created_ms BIGINT NOT NULL,
    created_by VARCHAR(512),
    size_bytes BIGINT NOT NULL,
    state      BYTEA NOT NULL
);

CREATE UNIQUE INDEX aq_version_doc ON aq_version (doc_id, version_no);

CREATE TABLE aq_audit (
    doc_id        VARCHAR(512) NOT NULL,
    seq           BIGINT NOT NULL,
    subject       VARCHAR(512),
    connection_id VARCHAR(512),
    at_ms         BIGINT NOT NULL,
    size_bytes    INTEGER NOT NULL,
    update_sha256 CHAR(64) NOT NULL,
    chain_hash    CHAR(64) NOT NULL,
    PRIMARY KEY (doc_id, seq)
);
