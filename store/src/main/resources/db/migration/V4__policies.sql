-- Ockam for the JVM: ABAC policies and the resources they protect (Rust's resource_policy,
-- resource_type_policy and resource tables, ockam-protocol.md section 7.5).
--
-- expression holds a policy in its display form (an S-expression or the boolean shorthand), parsed
-- again when read. Rows belong to a node name; they are not tied to the node table by a foreign key
-- (a node may check policies before it is stored), but deleting a stored node deletes them.

CREATE TABLE resource_policy (
  node_name     TEXT NOT NULL,
  resource_name TEXT NOT NULL,
  action        TEXT NOT NULL,
  expression    TEXT NOT NULL,
  PRIMARY KEY (node_name, resource_name, action)
);

CREATE TABLE resource_type_policy (
  node_name     TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  action        TEXT NOT NULL,
  expression    TEXT NOT NULL,
  PRIMARY KEY (node_name, resource_type, action)
);

CREATE TABLE resource (
  node_name     TEXT NOT NULL,
  resource_name TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  PRIMARY KEY (node_name, resource_name)
);

CREATE TRIGGER node_policies_cleanup AFTER DELETE ON node
BEGIN
  DELETE FROM resource_policy WHERE node_name = OLD.name;
  DELETE FROM resource_type_policy WHERE node_name = OLD.name;
  DELETE FROM resource WHERE node_name = OLD.name;
END;
