-- Ockam for the JVM: initial schema.
--
-- Modelled on Rust Ockam's SQLite schema (ockam-protocol.md, section 10.2), simplified:
-- * identities and their local names live in one table (Rust splits identity / named_identity);
-- * signing, X25519 and AEAD secrets live in one vault_key table, keyed by handle and key type;
-- * binary values are BLOBs (Rust keeps change histories as hex TEXT); the store never parses them;
-- * every timestamp is INTEGER Unix seconds;
-- * is_default flags are 0/1, with a partial unique index allowing at most one default row.

CREATE TABLE identity (
  identifier     TEXT    NOT NULL PRIMARY KEY,
  change_history BLOB    NOT NULL,
  name           TEXT    UNIQUE,
  is_default     INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  created_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX identity_single_default ON identity (is_default) WHERE is_default = 1;

-- Secrets only; public keys are derived by the vault. key_type is for example EdDSACurve25519,
-- ECDSASHA256CurveP256, X25519 or AES256_GCM.
CREATE TABLE vault_key (
  handle     BLOB    NOT NULL,
  key_type   TEXT    NOT NULL,
  secret     BLOB    NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (handle, key_type)
);

-- purpose is SC_PK (secure channels) or C_PK (credentials); the attestation is CBOR.
CREATE TABLE purpose_key (
  identifier              TEXT NOT NULL,
  purpose                 TEXT NOT NULL,
  purpose_key_attestation BLOB NOT NULL,
  PRIMARY KEY (identifier, purpose)
);

CREATE TABLE credential (
  subject_identifier TEXT    NOT NULL,
  issuer_identifier  TEXT    NOT NULL,
  scope              TEXT    NOT NULL,
  credential         BLOB    NOT NULL,
  expires_at         INTEGER NOT NULL,
  PRIMARY KEY (subject_identifier, issuer_identifier, scope)
);
CREATE INDEX credential_expires_at ON credential (expires_at);

-- attributes is a CBOR map (bytes -> bytes); expires NULL means no expiry.
CREATE TABLE identity_attributes (
  identifier  TEXT    NOT NULL PRIMARY KEY,
  attributes  BLOB    NOT NULL,
  added       INTEGER NOT NULL,
  expires     INTEGER,
  attested_by TEXT
);

-- config is a JSON object (text).
CREATE TABLE node (
  name                 TEXT    NOT NULL PRIMARY KEY,
  identifier           TEXT    NOT NULL,
  pid                  INTEGER,
  tcp_listener_address TEXT,
  is_default           INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  config               TEXT    NOT NULL DEFAULT '{}',
  created_at           INTEGER NOT NULL
);
CREATE UNIQUE INDEX node_single_default ON node (is_default) WHERE is_default = 1;

-- Portals and relays belong to a node and disappear with it.
CREATE TABLE tcp_inlet (
  node_name    TEXT    NOT NULL REFERENCES node (name) ON DELETE CASCADE,
  alias        TEXT    NOT NULL,
  bind_address TEXT    NOT NULL,
  outlet_route TEXT    NOT NULL,
  config       TEXT    NOT NULL DEFAULT '{}',
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (node_name, alias)
);

CREATE TABLE tcp_outlet (
  node_name      TEXT    NOT NULL REFERENCES node (name) ON DELETE CASCADE,
  alias          TEXT    NOT NULL,
  target_address TEXT    NOT NULL,
  worker_address TEXT    NOT NULL,
  config         TEXT    NOT NULL DEFAULT '{}',
  created_at     INTEGER NOT NULL,
  PRIMARY KEY (node_name, alias),
  UNIQUE (node_name, worker_address)
);

CREATE TABLE relay (
  node_name      TEXT    NOT NULL REFERENCES node (name) ON DELETE CASCADE,
  name           TEXT    NOT NULL,
  at_route       TEXT    NOT NULL,
  remote_address TEXT,
  config         TEXT    NOT NULL DEFAULT '{}',
  created_at     INTEGER NOT NULL,
  PRIMARY KEY (node_name, name)
);
