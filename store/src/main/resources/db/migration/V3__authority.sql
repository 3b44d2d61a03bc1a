-- Ockam for the JVM: the authority's members and enrollment tokens, and the projects this home knows
-- (Rust's authority_member, authority_enrollment_token and project tables, ockam-protocol.md 10.2).
--
-- attributes: CBOR map {bstr key => bstr value} in the unsigned order of the key bytes.
-- A token's ttl_count is how many enrollments it still allows; a used-up or expired token is kept
-- so that a late use is told why it was refused, and removed a day after its expiry.

CREATE TABLE authority_member (
  identifier     TEXT    NOT NULL PRIMARY KEY,
  added_by       TEXT    NOT NULL,
  added_at       INTEGER NOT NULL,
  is_pre_trusted INTEGER NOT NULL DEFAULT 0 CHECK (is_pre_trusted IN (0, 1)),
  attributes     BLOB    NOT NULL
);

CREATE TABLE authority_enrollment_token (
  one_time_code TEXT    NOT NULL PRIMARY KEY,
  reference     TEXT,
  issued_by     TEXT    NOT NULL,
  created_at    INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL,
  ttl_count     INTEGER NOT NULL CHECK (ttl_count >= 0),
  attributes    BLOB    NOT NULL
);

-- model: the project as Rust's ProjectModel JSON (id, name, access_route, identity,
-- authority_access_route, authority_identity, project_change_history, ...)
CREATE TABLE project (
  name       TEXT    NOT NULL PRIMARY KEY,
  project_id TEXT    NOT NULL,
  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  model      TEXT    NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX project_single_default ON project (is_default) WHERE is_default = 1;
