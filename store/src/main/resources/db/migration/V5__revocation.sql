-- Revocation notices (ours; Rust Ockam has none). An authority keeps the notices it signed; a node
-- keeps the ones it applied, in sequence, from each authority it follows. A notice voids every
-- credential the authority issued to the subject up to revoked_at.
CREATE TABLE revocation (
  authority   TEXT    NOT NULL,
  seq         INTEGER NOT NULL,
  subject     TEXT    NOT NULL,
  revoked_at  INTEGER NOT NULL,
  notice      BLOB    NOT NULL,
  PRIMARY KEY (authority, seq)
);
CREATE INDEX revocation_subject ON revocation (authority, subject);
