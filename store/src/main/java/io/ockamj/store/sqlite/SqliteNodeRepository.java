package io.ockamj.store.sqlite;

import io.ockamj.store.NodeRecord;
import io.ockamj.store.NodeRepository;
import io.ockamj.store.StoreException;
import io.ockamj.store.StoreException.Reason;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link NodeRepository} on the {@code node} table.
 */
public final class SqliteNodeRepository implements NodeRepository {

  private static final String COLUMNS =
      "name, identifier, pid, tcp_listener_address, is_default, config, created_at";

  private final Database db;

  /**
   * Creates the repository.
   *
   * @param db the database
   */
  public SqliteNodeRepository(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Future<NodeRecord> store(NodeRecord node) {
    Objects.requireNonNull(node, "node");
    long createdAt = node.createdAt() == null ? Rows.now() : node.createdAt().getEpochSecond();
    return db.withTransaction(conn -> clearDefaultUnless(conn, node.isDefault(), node.name())
        .compose(ignored -> conn.preparedQuery("INSERT INTO node (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (name) DO UPDATE SET identifier = excluded.identifier, pid = excluded.pid, "
                + "tcp_listener_address = excluded.tcp_listener_address, is_default = excluded.is_default, "
                + "config = excluded.config RETURNING " + COLUMNS)
            .execute(Tuple.of(node.name(), node.identifier(), node.pid(), node.tcpListenerAddress(),
                node.isDefault() ? 1 : 0, node.config().encode(), createdAt)))
        .map(rs -> toRecord(rs.iterator().next())));
  }

  @Override
  public Future<Optional<NodeRecord>> get(String name) {
    return db.execute("SELECT " + COLUMNS + " FROM node WHERE name = ?", Tuple.of(name))
        .map(rs -> Rows.first(rs, SqliteNodeRepository::toRecord));
  }

  @Override
  public Future<List<NodeRecord>> list() {
    return db.execute("SELECT " + COLUMNS + " FROM node ORDER BY created_at, rowid", Tuple.tuple())
        .map(rs -> Rows.all(rs, SqliteNodeRepository::toRecord));
  }

  @Override
  public Future<Boolean> delete(String name) {
    return db.execute("DELETE FROM node WHERE name = ?", Tuple.of(name)).map(rs -> rs.rowCount() > 0);
  }

  @Override
  public Future<Boolean> setDefault(String name) {
    return db.withTransaction(conn -> conn.preparedQuery("SELECT 1 FROM node WHERE name = ?")
        .execute(Tuple.of(name))
        .compose(rs -> {
          if (rs.size() == 0) {
            return Future.succeededFuture(false);
          }
          return clearDefaultUnless(conn, true, name)
              .compose(ignored -> conn.preparedQuery("UPDATE node SET is_default = 1 WHERE name = ?")
                  .execute(Tuple.of(name)))
              .map(true);
        }));
  }

  @Override
  public Future<Optional<NodeRecord>> getDefault() {
    return db.execute("SELECT " + COLUMNS + " FROM node WHERE is_default = 1", Tuple.tuple())
        .map(rs -> Rows.first(rs, SqliteNodeRepository::toRecord));
  }

  // SQLite checks the single-default unique index row by row, so the old default is cleared first.
  private static Future<Void> clearDefaultUnless(SqlConnection conn, boolean clear, String name) {
    if (!clear) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery("UPDATE node SET is_default = 0 WHERE is_default = 1 AND name <> ?")
        .execute(Tuple.of(name)).mapEmpty();
  }

  private static NodeRecord toRecord(Row row) {
    String name = row.getString("name");
    JsonObject config;
    try {
      String text = row.getString("config");
      config = text == null || text.isBlank() ? new JsonObject() : new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new StoreException(Reason.SQL, "node " + name + " has an invalid JSON config", e);
    }
    return new NodeRecord(name, row.getString("identifier"), Rows.longOrNull(row, "pid"),
        row.getString("tcp_listener_address"), Rows.bool(row, "is_default"), config,
        Instant.ofEpochSecond(Rows.longOrNull(row, "created_at")));
  }
}
