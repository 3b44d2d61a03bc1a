package io.ockamj.store.sqlite;

import io.ockamj.store.TcpOutletRecord;
import io.ockamj.store.TcpOutletRepository;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link TcpOutletRepository} on the {@code tcp_outlet} table.
 */
public final class SqliteTcpOutletRepository implements TcpOutletRepository {

  private static final String COLUMNS = "node_name, alias, target_address, worker_address, config, created_at";

  private final Database db;

  /**
   * Creates the repository.
   *
   * @param db the database
   */
  public SqliteTcpOutletRepository(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Future<TcpOutletRecord> store(TcpOutletRecord r) {
    Objects.requireNonNull(r, "record");
    long createdAt = r.createdAt() == null ? Rows.now() : r.createdAt().getEpochSecond();
    return db.execute("INSERT INTO tcp_outlet (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) "
          + "ON CONFLICT (node_name, alias) DO UPDATE SET target_address = excluded.target_address, "
          + "worker_address = excluded.worker_address, config = excluded.config RETURNING " + COLUMNS,
        Tuple.of(r.nodeName(), r.alias(), r.targetAddress(), r.workerAddress(), r.config().encode(), createdAt))
      .map(rs -> toRecord(rs.iterator().next()));
  }

  @Override
  public Future<Optional<TcpOutletRecord>> get(String nodeName, String alias) {
    return db.execute("SELECT " + COLUMNS + " FROM tcp_outlet WHERE node_name = ? AND alias = ?", Tuple.of(nodeName, alias))
      .map(rs -> Rows.first(rs, SqliteTcpOutletRepository::toRecord));
  }

  @Override
  public Future<List<TcpOutletRecord>> list(String nodeName) {
    return db.execute("SELECT " + COLUMNS + " FROM tcp_outlet WHERE node_name = ? ORDER BY created_at, rowid", Tuple.of(nodeName))
      .map(rs -> Rows.all(rs, SqliteTcpOutletRepository::toRecord));
  }

  @Override
  public Future<Boolean> delete(String nodeName, String alias) {
    return db.execute("DELETE FROM tcp_outlet WHERE node_name = ? AND alias = ?", Tuple.of(nodeName, alias))
      .map(rs -> rs.rowCount() > 0);
  }

  private static TcpOutletRecord toRecord(Row row) {
    String alias = row.getString("alias");
    return new TcpOutletRecord(row.getString("node_name"), alias, row.getString("target_address"),
      row.getString("worker_address"), Rows.json(row, "config", "outlet " + alias), Rows.instant(row, "created_at"));
  }
}
