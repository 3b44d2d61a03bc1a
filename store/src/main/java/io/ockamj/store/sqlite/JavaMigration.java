package io.ockamj.store.sqlite;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * A migration written in Java, for changes that SQL alone cannot express (for example rewriting
 * stored values).
 * <p>
 * Java migrations share one version sequence with {@link SqlMigration}s: the {@link Migrator} runs both
 * kinds together in ascending version order, each exactly once, and refuses two migrations with the same
 * version. A Java migration has no checksum, so changing its code does not invalidate a database on which
 * it already ran.
 */
public interface JavaMigration {

  /**
   * Returns the version of this migration, which orders it among all migrations.
   *
   * @return a positive version, unique among all migrations given to a {@link Migrator}
   */
  int version();

  /**
   * Returns a short human-readable name, recorded with the version.
   *
   * @return the name, not {@code null}
   */
  String name();

  /**
   * Applies the migration.
   * <p>
   * Runs inside a transaction that also records this migration as applied: if the returned future
   * fails, every write made through {@code connection} is rolled back and the migration will run again
   * next time. Use only {@code connection} (never the {@link Database} or a repository, which would wait
   * forever for the connection this migration holds), and do not issue {@code BEGIN}, {@code COMMIT} or
   * {@code ROLLBACK}.
   *
   * @param connection the connection, inside the migration's transaction
   * @return a future completed when the migration's statements are done
   */
  Future<Void> migrate(SqlConnection connection);
}
