package io.ockamj.store.sqlite;

import io.ockamj.store.PolicyRecord;
import io.ockamj.store.PolicyRepository;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link PolicyRepository} on the {@code resource_policy}, {@code resource_type_policy} and
 * {@code resource} tables.
 */
public final class SqlitePolicyRepository implements PolicyRepository {

  private final Database db;

  /**
   * Creates the repository.
   *
   * @param db the database
   */
  public SqlitePolicyRepository(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  private static String table(PolicyRecord.Target t) {
    return t == PolicyRecord.Target.RESOURCE ? "resource_policy" : "resource_type_policy";
  }

  private static String column(PolicyRecord.Target t) {
    return t == PolicyRecord.Target.RESOURCE ? "resource_name" : "resource_type";
  }

  @Override
  public Future<Void> store(PolicyRecord p) {
    Objects.requireNonNull(p, "policy");
    String c = column(p.target());
    return db.execute("INSERT INTO " + table(p.target()) + " (node_name, " + c + ", action, expression) VALUES (?, ?, ?, ?) "
        + "ON CONFLICT (node_name, " + c + ", action) DO UPDATE SET expression = excluded.expression",
      Tuple.of(p.nodeName(), p.resource(), p.action(), p.expression())).mapEmpty();
  }

  @Override
  public Future<Optional<PolicyRecord>> get(String nodeName, PolicyRecord.Target target, String resource, String action) {
    return db.execute("SELECT node_name, " + column(target) + " AS resource, action, expression FROM " + table(target)
        + " WHERE node_name = ? AND " + column(target) + " = ? AND action = ?", Tuple.of(nodeName, resource, action))
      .map(rs -> Rows.first(rs, row -> toRecord(row, target)));
  }

  @Override
  public Future<Optional<PolicyRecord>> find(String nodeName, String resourceName, String resourceType, String action) {
    return get(nodeName, PolicyRecord.Target.RESOURCE, resourceName, action).compose(byName -> byName.isPresent()
      ? Future.succeededFuture(byName) : get(nodeName, PolicyRecord.Target.RESOURCE_TYPE, resourceType, action));
  }

  @Override
  public Future<List<PolicyRecord>> list(String nodeName) {
    return db.execute("SELECT node_name, resource_name AS resource, action, expression, 0 AS kind FROM resource_policy "
        + "WHERE node_name = ? UNION ALL SELECT node_name, resource_type, action, expression, 1 FROM resource_type_policy "
        + "WHERE node_name = ? ORDER BY kind, resource, action", Tuple.of(nodeName, nodeName))
      .map(rs -> Rows.all(rs, row -> toRecord(row, ((Number) row.getValue("kind")).intValue() == 0
        ? PolicyRecord.Target.RESOURCE : PolicyRecord.Target.RESOURCE_TYPE)));
  }

  @Override
  public Future<Boolean> delete(String nodeName, PolicyRecord.Target target, String resource, String action) {
    return db.execute("DELETE FROM " + table(target) + " WHERE node_name = ? AND " + column(target) + " = ? AND action = ?",
      Tuple.of(nodeName, resource, action)).map(rs -> rs.rowCount() > 0);
  }

  @Override
  public Future<Void> storeResource(String nodeName, String resourceName, String resourceType) {
    return db.execute("INSERT INTO resource (node_name, resource_name, resource_type) VALUES (?, ?, ?) "
        + "ON CONFLICT (node_name, resource_name) DO UPDATE SET resource_type = excluded.resource_type",
      Tuple.of(nodeName, resourceName, resourceType)).mapEmpty();
  }

  @Override
  public Future<Map<String, String>> resources(String nodeName) {
    return db.execute("SELECT resource_name, resource_type FROM resource WHERE node_name = ? ORDER BY resource_name",
      Tuple.of(nodeName)).map(rs -> {
        Map<String, String> out = new LinkedHashMap<>();
        for (Row row : rs) {
          out.put(row.getString("resource_name"), row.getString("resource_type"));
        }
        return out;
      });
  }

  @Override
  public Future<Boolean> deleteResource(String nodeName, String resourceName) {
    return db.execute("DELETE FROM resource WHERE node_name = ? AND resource_name = ?", Tuple.of(nodeName, resourceName))
      .map(rs -> rs.rowCount() > 0);
  }

  private static PolicyRecord toRecord(Row row, PolicyRecord.Target target) {
    return new PolicyRecord(row.getString("node_name"), target, row.getString("resource"), row.getString("action"),
      row.getString("expression"));
  }
}
