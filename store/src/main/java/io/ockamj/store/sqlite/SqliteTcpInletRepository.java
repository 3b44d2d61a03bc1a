package io.ockamj.store.sqlite;

import io.ockamj.store.TcpInletRecord;
import io.ockamj.store.TcpInletRepository;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link TcpInletRepository} on the {@code tcp_inlet} table.
 */
public final class SqliteTcpInletRepository implements TcpInletRepository {

  private static final String COLUMNS = "node_name, alias, bind_address, outlet_route, config, created_at";

  private final Database db;

  /**
   * Creates the repository.
   *
   * @param db the database
   */
  public SqliteTcpInletRepository(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Future<TcpInletRecord> store(TcpInletRecord r) {
    Objects.requireNonNull(r, "record");
    long createdAt = r.createdAt() == null ? Rows.now() : r.createdAt().getEpochSecond();
    return db.execute("INSERT INTO tcp_inlet (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) "
          + "ON CONFLICT (node_name, alias) DO UPDATE SET bind_address = excluded.bind_address, "
          + "outlet_route = excluded.outlet_route, config = excluded.config RETURNING " + COLUMNS,
        Tuple.of(r.nodeName(), r.alias(), r.bindAddress(), r.outletRoute(), r.config().encode(), createdAt))
      .map(rs -> toRecord(rs.iterator().next()));
  }

  @Override
  public Future<Optional<TcpInletRecord>> get(String nodeName, String alias) {
    return db.execute("SELECT " + COLUMNS + " FROM tcp_inlet WHERE node_name = ? AND alias = ?", Tuple.of(nodeName, alias))
      .map(rs -> Rows.first(rs, SqliteTcpInletRepository::toRecord));
  }

  @Override
  public Future<List<TcpInletRecord>> list(String nodeName) {
    return db.execute("SELECT " + COLUMNS + " FROM tcp_inlet WHERE node_name = ? ORDER BY created_at, rowid", Tuple.of(nodeName))
      .map(rs -> Rows.all(rs, SqliteTcpInletRepository::toRecord));
  }

  @Override
  public Future<Boolean> delete(String nodeName, String alias) {
    return db.execute("DELETE FROM tcp_inlet WHERE node_name = ? AND alias = ?", Tuple.of(nodeName, alias))
      .map(rs -> rs.rowCount() > 0);
  }

  private static TcpInletRecord toRecord(Row row) {
    String alias = row.getString("alias");
    return new TcpInletRecord(row.getString("node_name"), alias, row.getString("bind_address"),
      row.getString("outlet_route"), Rows.json(row, "config", "inlet " + alias), Rows.instant(row, "created_at"));
  }
}
