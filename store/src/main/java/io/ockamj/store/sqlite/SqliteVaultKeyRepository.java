package io.ockamj.store.sqlite;

import io.ockamj.store.Database;
import io.ockamj.store.VaultKeyRepository;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link VaultKeyRepository} on the {@code vault_key} table.
 */
public final class SqliteVaultKeyRepository implements VaultKeyRepository {

  private final Database db;

  /**
   * Creates the repository.
   *
   * @param db the database
   */
  public SqliteVaultKeyRepository(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Future<Void> store(byte[] handle, String keyType, byte[] secret) {
    Objects.requireNonNull(handle, "handle");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(secret, "secret");
    return db.execute("INSERT INTO vault_key (handle, key_type, secret, created_at) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (handle, key_type) DO UPDATE SET secret = excluded.secret",
        Tuple.of(handle.clone(), keyType, secret.clone(), Rows.now())).mapEmpty();
  }

  @Override
  public Future<Optional<byte[]>> get(byte[] handle, String keyType) {
    return db.execute("SELECT secret FROM vault_key WHERE handle = ? AND key_type = ?",
        Tuple.of(handle.clone(), keyType)).map(rs -> Rows.first(rs, row -> Rows.bytes(row, "secret")));
  }

  @Override
  public Future<Boolean> delete(byte[] handle, String keyType) {
    return db.execute("DELETE FROM vault_key WHERE handle = ? AND key_type = ?", Tuple.of(handle.clone(), keyType))
        .map(rs -> rs.rowCount() > 0);
  }

  @Override
  public Future<List<byte[]>> handles(String keyType) {
    return db.execute("SELECT handle FROM vault_key WHERE key_type = ? ORDER BY created_at, rowid",
        Tuple.of(keyType)).map(rs -> Rows.all(rs, row -> Rows.bytes(row, "handle")));
  }
}
