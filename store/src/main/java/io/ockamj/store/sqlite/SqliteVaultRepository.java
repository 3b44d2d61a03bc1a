package io.ockamj.store.sqlite;

import io.ockamj.store.StoreException;
import io.ockamj.store.StoreException.Reason;
import io.ockamj.store.VaultRecord;
import io.ockamj.store.VaultRepository;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link VaultRepository} on the {@code vault} table.
 */
public final class SqliteVaultRepository implements VaultRepository {

  private static final String COLUMNS = "name, kind, path, pkcs11_config, pin_file, is_default, created_at";

  private final Database db;

  /**
   * Creates the repository.
   *
   * @param db the database
   */
  public SqliteVaultRepository(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Future<Void> create(VaultRecord r) {
    Objects.requireNonNull(r, "record");
    return db.withTransaction(conn -> conn.preparedQuery("SELECT count(*) AS n FROM vault").execute()
        .compose(rs -> {
          boolean first = rs.iterator().next().getLong("n") == 0;
          boolean makeDefault = first || r.isDefault();
          Future<?> cleared = makeDefault && !first
              ? conn.preparedQuery("UPDATE vault SET is_default = 0 WHERE is_default = 1").execute()
              : Future.succeededFuture();
          return cleared.compose(v -> conn.preparedQuery("INSERT INTO vault (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")
              .execute(Tuple.of(r.name(), r.kind().column(), r.path(), r.pkcs11Config(), r.pinFile(), makeDefault ? 1 : 0,
                  Rows.now())));
        }))
        .recover(err -> {
          if (err instanceof StoreException && ((StoreException) err).reason() == Reason.CONSTRAINT) {
            String m = String.valueOf(err.getMessage());
            return Future.failedFuture(new StoreException(Reason.CONSTRAINT, m.contains("vault.kind")
                ? "there is already a database vault" : "a vault named '" + r.name() + "' already exists", err));
          }
          return Future.failedFuture(err);
        })
        .mapEmpty();
  }

  @Override
  public Future<Optional<VaultRecord>> get(String name) {
    return db.execute("SELECT " + COLUMNS + " FROM vault WHERE name = ?", Tuple.of(name))
        .map(rs -> Rows.first(rs, SqliteVaultRepository::toRecord));
  }

  @Override
  public Future<List<VaultRecord>> list() {
    return db.execute("SELECT " + COLUMNS + " FROM vault ORDER BY created_at, rowid", Tuple.tuple())
        .map(rs -> Rows.all(rs, SqliteVaultRepository::toRecord));
  }

  @Override
  public Future<Boolean> updatePath(String name, String path) {
    return db.execute("UPDATE vault SET path = ? WHERE name = ?", Tuple.of(path, name)).map(rs -> rs.rowCount() > 0);
  }

  @Override
  public Future<Boolean> delete(String name) {
    return db.withTransaction(conn -> conn.preparedQuery("SELECT is_default FROM vault WHERE name = ?")
        .execute(Tuple.of(name))
        .compose(rs -> {
          if (rs.size() == 0) {
            return Future.succeededFuture(false);
          }
          boolean wasDefault = Rows.bool(rs.iterator().next(), "is_default");
          Future<?> deleted = conn.preparedQuery("DELETE FROM vault WHERE name = ?").execute(Tuple.of(name));
          return !wasDefault ? deleted.map(true) : deleted.compose(v -> conn
              .preparedQuery("UPDATE vault SET is_default = 1 WHERE rowid = "
                  + "(SELECT rowid FROM vault ORDER BY created_at, rowid LIMIT 1)").execute().map(true));
        }));
  }

  @Override
  public Future<Optional<VaultRecord>> getDefault() {
    return db.execute("SELECT " + COLUMNS + " FROM vault WHERE is_default = 1", Tuple.tuple())
        .map(rs -> Rows.first(rs, SqliteVaultRepository::toRecord));
  }

  private static VaultRecord toRecord(Row row) {
    return new VaultRecord(row.getString("name"), VaultRecord.Kind.fromColumn(row.getString("kind")),
        row.getString("path"), row.getString("pkcs11_config"), row.getString("pin_file"),
        Rows.bool(row, "is_default"), Rows.instant(row, "created_at"));
  }
}
