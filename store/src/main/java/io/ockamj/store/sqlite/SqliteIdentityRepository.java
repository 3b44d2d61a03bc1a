package io.ockamj.store.sqlite;

import io.ockamj.store.IdentityRecord;
import io.ockamj.store.IdentityRepository;
import io.ockamj.store.StoreException;
import io.ockamj.store.StoreException.Reason;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link IdentityRepository} on the {@code identity} table.
 */
public final class SqliteIdentityRepository implements IdentityRepository {

  private static final String COLUMNS = "identifier, change_history, name, is_default, created_at, vault_name";

  private final Database db;

  /**
   * Creates the repository.
   *
   * @param db the database
   */
  public SqliteIdentityRepository(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Future<Void> store(String identifier, byte[] changeHistory) {
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(changeHistory, "changeHistory");
    return db.execute("INSERT INTO identity (identifier, change_history, created_at) VALUES (?, ?, ?) "
            + "ON CONFLICT (identifier) DO UPDATE SET change_history = excluded.change_history",
        Tuple.of(identifier, changeHistory.clone(), Rows.now())).mapEmpty();
  }

  @Override
  public Future<Void> store(String identifier, String name, byte[] changeHistory) {
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(changeHistory, "changeHistory");
    return db.execute("INSERT INTO identity (identifier, change_history, name, created_at) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (identifier) DO UPDATE SET change_history = excluded.change_history, "
                + "name = excluded.name",
            Tuple.of(identifier, changeHistory.clone(), name, Rows.now()))
        .recover(err -> nameTaken(err, name))
        .mapEmpty();
  }

  @Override
  public Future<Void> store(String identifier, String name, byte[] changeHistory, String vaultName) {
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(changeHistory, "changeHistory");
    Objects.requireNonNull(vaultName, "vaultName");
    return db.execute("INSERT INTO identity (identifier, change_history, name, vault_name, created_at) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (identifier) DO UPDATE SET change_history = excluded.change_history, "
                + "name = excluded.name, vault_name = excluded.vault_name",
            Tuple.of(identifier, changeHistory.clone(), name, vaultName, Rows.now()))
        .recover(err -> nameTaken(err, name))
        .mapEmpty();
  }

  @Override
  public Future<Boolean> update(String identifier, byte[] changeHistory) {
    Objects.requireNonNull(changeHistory, "changeHistory");
    return db.execute("UPDATE identity SET change_history = ? WHERE identifier = ?",
        Tuple.of(changeHistory.clone(), identifier)).map(rs -> rs.rowCount() > 0);
  }

  @Override
  public Future<Optional<IdentityRecord>> get(String identifier) {
    return db.execute("SELECT " + COLUMNS + " FROM identity WHERE identifier = ?", Tuple.of(identifier))
        .map(rs -> Rows.first(rs, SqliteIdentityRepository::toRecord));
  }

  @Override
  public Future<Optional<IdentityRecord>> getByName(String name) {
    return db.execute("SELECT " + COLUMNS + " FROM identity WHERE name = ?", Tuple.of(name))
        .map(rs -> Rows.first(rs, SqliteIdentityRepository::toRecord));
  }

  @Override
  public Future<List<IdentityRecord>> list() {
    return db.execute("SELECT " + COLUMNS + " FROM identity ORDER BY created_at, rowid", Tuple.tuple())
        .map(rs -> Rows.all(rs, SqliteIdentityRepository::toRecord));
  }

  @Override
  public Future<Boolean> delete(String identifier) {
    return db.execute("DELETE FROM identity WHERE identifier = ?", Tuple.of(identifier))
        .map(rs -> rs.rowCount() > 0);
  }

  @Override
  public Future<Boolean> setName(String identifier, String name) {
    return db.execute("UPDATE identity SET name = ? WHERE identifier = ?", Tuple.of(name, identifier))
        .recover(err -> nameTaken(err, name))
        .map(rs -> rs.rowCount() > 0);
  }

  @Override
  public Future<Optional<String>> identifierOf(String name) {
    return db.execute("SELECT identifier FROM identity WHERE name = ?", Tuple.of(name))
        .map(rs -> Rows.first(rs, row -> row.getString("identifier")));
  }

  @Override
  public Future<Optional<String>> nameOf(String identifier) {
    return db.execute("SELECT name FROM identity WHERE identifier = ?", Tuple.of(identifier))
        .map(rs -> Rows.first(rs, row -> row.getString("name")));
  }

  @Override
  public Future<Boolean> setDefault(String identifier) {
    return db.withTransaction(conn -> conn.preparedQuery("SELECT 1 FROM identity WHERE identifier = ?")
        .execute(Tuple.of(identifier))
        .compose(rs -> {
          if (rs.size() == 0) {
            return Future.succeededFuture(false);
          }
          // two statements: SQLite checks the single-default unique index row by row
          return conn.preparedQuery("UPDATE identity SET is_default = 0 WHERE is_default = 1 AND identifier <> ?")
              .execute(Tuple.of(identifier))
              .compose(ignored -> conn.preparedQuery("UPDATE identity SET is_default = 1 WHERE identifier = ?")
                  .execute(Tuple.of(identifier)))
              .map(true);
        }));
  }

  @Override
  public Future<Optional<IdentityRecord>> getDefault() {
    return db.execute("SELECT " + COLUMNS + " FROM identity WHERE is_default = 1", Tuple.tuple())
        .map(rs -> Rows.first(rs, SqliteIdentityRepository::toRecord));
  }

  private static <T> Future<T> nameTaken(Throwable err, String name) {
    if (err instanceof StoreException && ((StoreException) err).reason() == Reason.CONSTRAINT
        && String.valueOf(err.getMessage()).contains("identity.name")) {
      return Future.failedFuture(new StoreException(Reason.CONSTRAINT,
          "an identity named '" + name + "' already exists", err));
    }
    return Future.failedFuture(err);
  }

  private static IdentityRecord toRecord(Row row) {
    return new IdentityRecord(row.getString("identifier"), Rows.bytes(row, "change_history"),
        row.getString("name"), Rows.bool(row, "is_default"), Rows.instant(row, "created_at"),
        row.getString("vault_name"));
  }
}
