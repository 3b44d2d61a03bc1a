package io.ockamj.store.sqlite;

import java.time.Instant;

/**
 * A migration recorded as applied in the {@value Migrator#TABLE} table.
 *
 * @param version the migration's version
 * @param name the migration's name
 * @param checksum the SHA-384 hex checksum of a SQL migration's script, {@code null} for a Java migration
 * @param appliedAt when it was applied (whole seconds)
 */
public record AppliedMigration(int version, String name, String checksum, Instant appliedAt) {
}
