package io.ockamj.store.sqlite;

import io.ockamj.store.StoreException;

import io.vertx.core.Future;

import java.util.List;

/**
 * Brings a {@link Database} up to date by running {@link SqlMigration}s and {@link JavaMigration}s.
 * <p>
 * Semantics (modelled on Rust Ockam's {@code migrator.rs}):
 * <ul>
 *   <li>All migrations share one version sequence. Two migrations with the same version (SQL or Java)
 *   are refused with a {@link MigrationException} before the database is touched.</li>
 *   <li>Migrations run in ascending version order, each exactly once. Each runs in its own transaction
 *   together with the insertion of its bookkeeping row ({@code version, name, checksum, applied_at}) in
 *   the {@value #TABLE} table: a failing migration leaves neither partial changes nor a row, and the
 *   run stops there with a {@link MigrationException} (migrations before it stay applied).</li>
 *   <li>Before anything runs, the checksums of all already-applied SQL migrations are compared with the
 *   scripts; a difference is refused with a {@link MigrationException} ("checksum mismatch").</li>
 *   <li>Running again when everything is applied changes nothing. Rows for versions the code does not
 *   know (a database written by newer code) are ignored.</li>
 *   <li>Each migration re-checks its bookkeeping row inside its write transaction, so two processes
 *   migrating the same file concurrently apply every migration once.</li>
 * </ul>
 */
public interface Migrator {

  /** The bookkeeping table. */
  String TABLE = "_migrations";

  /**
   * Creates a migrator from explicit lists.
   *
   * @param sqlMigrations the SQL migrations, in any order
   * @param javaMigrations the Java migrations, in any order
   * @return the migrator
   */
  static Migrator create(List<SqlMigration> sqlMigrations, List<JavaMigration> javaMigrations) {
    return SqliteMigrator.create(sqlMigrations, javaMigrations);
  }

  /**
   * Creates a migrator whose SQL migrations are listed by an index resource (see {@link SqlMigration}).
   * The resources are read lazily, on a worker thread, when {@link #migrate} runs.
   *
   * @param loader the class loader to read the resources from
   * @param indexResource the index resource
   * @param javaMigrations the Java migrations, in any order
   * @return the migrator
   */
  static Migrator fromIndex(ClassLoader loader, String indexResource, List<JavaMigration> javaMigrations) {
    return SqliteMigrator.fromIndex(loader, indexResource, javaMigrations);
  }

  /**
   * Creates the migrator for the store's own schema: the scripts listed in
   * {@value SqlMigration#DEFAULT_INDEX} plus the store's Java migrations (none yet).
   *
   * @return the migrator
   */
  static Migrator defaults() {
    return fromIndex(Migrator.class.getClassLoader(), SqlMigration.DEFAULT_INDEX, List.of());
  }

  /**
   * Applies every migration that has not been applied yet.
   *
   * @param database the database to migrate
   * @return a future with the migrations applied by this call, in order (empty if the database was
   *     already up to date), or failed with a {@link MigrationException}, or with another
   *     {@link StoreException} if the database itself cannot be used (for example
   *     {@link StoreException.Reason#LOCKED})
   */
  Future<List<AppliedMigration>> migrate(Database database);

  /**
   * Reads the bookkeeping table.
   *
   * @param database the database
   * @return a future with every recorded migration in version order (empty if the table does not exist)
   */
  Future<List<AppliedMigration>> applied(Database database);
}
