package io.ockamj.store.sqlite;

import io.ockamj.store.ProjectRecord;
import io.ockamj.store.ProjectRepository;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ProjectRepository} on the {@code project} table.
 */
public final class SqliteProjectRepository implements ProjectRepository {

  private static final String COLUMNS = "name, project_id, is_default, model, created_at";

  private final Database db;

  /**
   * @param db the database
   */
  public SqliteProjectRepository(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Future<ProjectRecord> store(ProjectRecord p) {
    Objects.requireNonNull(p, "project");
    long created = p.createdAt() == null ? Rows.now() : p.createdAt().getEpochSecond();
    return db.withTransaction(conn -> conn.preparedQuery("SELECT name FROM project WHERE is_default = 1").execute(Tuple.tuple())
      .compose(def -> {
        boolean makeDefault = p.isDefault() || def.size() == 0
          || def.iterator().next().getString("name").equals(p.name());
        Future<?> cleared = makeDefault
          ? conn.preparedQuery("UPDATE project SET is_default = 0 WHERE is_default = 1 AND name <> ?").execute(Tuple.of(p.name()))
          : Future.succeededFuture();
        return cleared.compose(v -> conn.preparedQuery("INSERT INTO project (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?) "
            + "ON CONFLICT (name) DO UPDATE SET project_id = excluded.project_id, is_default = excluded.is_default, "
            + "model = excluded.model")
          .execute(Tuple.of(p.name(), p.projectId(), makeDefault ? 1 : 0, p.model().encode(), created)))
          .map(v -> new ProjectRecord(p.name(), p.projectId(), makeDefault, p.model(), Instant.ofEpochSecond(created)));
      }));
  }

  @Override
  public Future<Optional<ProjectRecord>> get(String name) {
    return db.execute("SELECT " + COLUMNS + " FROM project WHERE name = ?", Tuple.of(name))
      .map(rs -> Rows.first(rs, SqliteProjectRepository::toRecord));
  }

  @Override
  public Future<Optional<ProjectRecord>> getDefault() {
    return db.execute("SELECT " + COLUMNS + " FROM project WHERE is_default = 1", Tuple.tuple())
      .map(rs -> Rows.first(rs, SqliteProjectRepository::toRecord));
  }

  @Override
  public Future<List<ProjectRecord>> list() {
    return db.execute("SELECT " + COLUMNS + " FROM project ORDER BY name", Tuple.tuple())
      .map(rs -> Rows.all(rs, SqliteProjectRepository::toRecord));
  }

  @Override
  public Future<Boolean> delete(String name) {
    return db.execute("DELETE FROM project WHERE name = ?", Tuple.of(name)).map(rs -> rs.rowCount() > 0);
  }

  private static ProjectRecord toRecord(Row row) {
    String name = row.getString("name");
    return new ProjectRecord(name, row.getString("project_id"), Rows.bool(row, "is_default"),
      Rows.json(row, "model", "project " + name), Rows.instant(row, "created_at"));
  }
}
