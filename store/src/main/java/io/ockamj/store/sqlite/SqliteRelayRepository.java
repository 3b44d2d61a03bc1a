package io.ockamj.store.sqlite;

import io.ockamj.store.RelayRecord;
import io.ockamj.store.RelayRepository;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link RelayRepository} on the {@code relay} table.
 */
public final class SqliteRelayRepository implements RelayRepository {

  private static final String COLUMNS = "node_name, name, at_route, remote_address, config, created_at";

  private final Database db;

  /**
   * Creates the repository.
   *
   * @param db the database
   */
  public SqliteRelayRepository(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Future<RelayRecord> store(RelayRecord r) {
    Objects.requireNonNull(r, "record");
    long createdAt = r.createdAt() == null ? Rows.now() : r.createdAt().getEpochSecond();
    return db.execute("INSERT INTO relay (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) "
          + "ON CONFLICT (node_name, name) DO UPDATE SET at_route = excluded.at_route, "
          + "remote_address = excluded.remote_address, config = excluded.config RETURNING " + COLUMNS,
        Tuple.of(r.nodeName(), r.name(), r.atRoute(), r.remoteAddress(), r.config().encode(), createdAt))
      .map(rs -> toRecord(rs.iterator().next()));
  }

  @Override
  public Future<Optional<RelayRecord>> get(String nodeName, String name) {
    return db.execute("SELECT " + COLUMNS + " FROM relay WHERE node_name = ? AND name = ?", Tuple.of(nodeName, name))
      .map(rs -> Rows.first(rs, SqliteRelayRepository::toRecord));
  }

  @Override
  public Future<List<RelayRecord>> list(String nodeName) {
    return db.execute("SELECT " + COLUMNS + " FROM relay WHERE node_name = ? ORDER BY created_at, rowid", Tuple.of(nodeName))
      .map(rs -> Rows.all(rs, SqliteRelayRepository::toRecord));
  }

  @Override
  public Future<Boolean> delete(String nodeName, String name) {
    return db.execute("DELETE FROM relay WHERE node_name = ? AND name = ?", Tuple.of(nodeName, name))
      .map(rs -> rs.rowCount() > 0);
  }

  private static RelayRecord toRecord(Row row) {
    String name = row.getString("name");
    return new RelayRecord(row.getString("node_name"), name, row.getString("at_route"),
      row.getString("remote_address"), Rows.json(row, "config", "relay " + name), Rows.instant(row, "created_at"));
  }
}
