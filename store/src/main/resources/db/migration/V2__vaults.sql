-- Ockam for the JVM: named vaults (Rust's vault table, ockam-protocol.md sections 10.2 and 11).
--
-- kind: 'database' keeps its secrets in this database's vault_key table (at most one such vault);
-- 'file' keeps them in the vault_key table of the SQLite file at path; 'pkcs11' keeps its signing
-- keys on the token of the SunPKCS11 configuration file pkcs11_config, and its X25519 keys in the
-- file at path. pin_file optionally names a file holding the token's PIN (never the PIN itself).

CREATE TABLE vault (
  name          TEXT    NOT NULL PRIMARY KEY,
  kind          TEXT    NOT NULL CHECK (kind IN ('database', 'file', 'pkcs11')),
  path          TEXT,
  pkcs11_config TEXT,
  pin_file      TEXT,
  is_default    INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  created_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX vault_single_default ON vault (is_default) WHERE is_default = 1;
CREATE UNIQUE INDEX vault_single_database ON vault (kind) WHERE kind = 'database';

-- The vault that holds a local identity's keys; identities created before vaults existed had their
-- secrets in this database, which becomes the database vault named 'default'.
ALTER TABLE identity ADD COLUMN vault_name TEXT;

INSERT INTO vault (name, kind, is_default, created_at)
  SELECT 'default', 'database', 1, CAST(strftime('%s', 'now') AS INTEGER)
  WHERE EXISTS (SELECT 1 FROM identity WHERE name IS NOT NULL);

UPDATE identity SET vault_name = 'default' WHERE name IS NOT NULL;
