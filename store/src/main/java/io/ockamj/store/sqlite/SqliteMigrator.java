package io.ockamj.store.sqlite;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@link Migrator} for SQLite.
 */
public final class SqliteMigrator implements Migrator {

  private static final System.Logger LOG = System.getLogger(SqliteMigrator.class.getName());

  private static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
      + "version INTEGER NOT NULL PRIMARY KEY, "
      + "name TEXT NOT NULL, "
      + "checksum TEXT, "
      + "applied_at INTEGER NOT NULL)";
  private static final String SELECT_ALL =
      "SELECT version, name, checksum, applied_at FROM " + TABLE + " ORDER BY version";

  private final Callable<List<SqlMigration>> sqlLoader;
  private final List<JavaMigration> javaMigrations;

  private SqliteMigrator(Callable<List<SqlMigration>> sqlLoader, List<JavaMigration> javaMigrations) {
    this.sqlLoader = sqlLoader;
    this.javaMigrations = List.copyOf(javaMigrations);
  }

  /**
   * See {@link Migrator#create}.
   *
   * @param sqlMigrations the SQL migrations
   * @param javaMigrations the Java migrations
   * @return the migrator
   */
  public static Migrator create(List<SqlMigration> sqlMigrations, List<JavaMigration> javaMigrations) {
    List<SqlMigration> sql = List.copyOf(sqlMigrations);
    return new SqliteMigrator(() -> sql, javaMigrations);
  }

  /**
   * See {@link Migrator#fromIndex}.
   *
   * @param loader the class loader
   * @param indexResource the index resource
   * @param javaMigrations the Java migrations
   * @return the migrator
   */
  public static Migrator fromIndex(ClassLoader loader, String indexResource, List<JavaMigration> javaMigrations) {
    Objects.requireNonNull(loader, "loader");
    Objects.requireNonNull(indexResource, "indexResource");
    return new SqliteMigrator(() -> SqlMigration.fromIndex(loader, indexResource), javaMigrations);
  }

  /** One migration of either kind. */
  private record Step(int version, String name, String checksum, Function<SqlConnection, Future<Void>> body) {
  }

  @Override
  public Future<List<AppliedMigration>> migrate(Database db) {
    return db.vertx().executeBlocking(sqlLoader, false)
        .compose(sql -> {
          List<Step> steps;
          try {
            steps = plan(sql, javaMigrations);
          } catch (MigrationException e) {
            return Future.failedFuture(e);
          }
          return db.withConnection(conn -> conn.query(CREATE_TABLE).execute()
                  .compose(ignored -> conn.query(SELECT_ALL).execute()))
              .compose(rows -> {
                Map<Integer, AppliedMigration> applied = new HashMap<>();
                for (Row row : rows) {
                  AppliedMigration a = toApplied(row);
                  applied.put(a.version(), a);
                }
                List<Step> pending = new ArrayList<>();
                for (Step step : steps) {
                  AppliedMigration done = applied.get(step.version());
                  if (done == null) {
                    pending.add(step);
                  } else {
                    checkUnchanged(step, done);
                  }
                }
                return runAll(db, pending);
              });
        });
  }

  @Override
  public Future<List<AppliedMigration>> applied(Database db) {
    return db.withConnection(conn -> conn.query(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '" + TABLE + "'").execute()
        .compose(rows -> {
          if (((Number) rows.iterator().next().getValue(0)).intValue() == 0) {
            return Future.succeededFuture(List.<AppliedMigration>of());
          }
          return conn.query(SELECT_ALL).execute().map(rs -> {
            List<AppliedMigration> out = new ArrayList<>();
            rs.forEach(r -> out.add(toApplied(r)));
            return out;
          });
        }));
  }

  private static List<Step> plan(List<SqlMigration> sql, List<JavaMigration> java) {
    Map<Integer, String> seen = new HashMap<>();
    List<Step> steps = new ArrayList<>();
    for (SqlMigration m : sql) {
      claim(seen, m.version(), "SQL migration " + m.name());
      steps.add(new Step(m.version(), m.name(), m.checksum(), conn -> runScript(conn, m)));
    }
    for (JavaMigration m : java) {
      if (m.version() <= 0) {
        throw new MigrationException(m.version(),
            "migration version must be positive: " + m.version() + " (Java migration " + m.name() + ")", null);
      }
      claim(seen, m.version(), "Java migration " + m.name());
      steps.add(new Step(m.version(), Objects.requireNonNull(m.name(), "name"), null, m::migrate));
    }
    steps.sort(Comparator.comparingInt(Step::version));
    return steps;
  }

  private static void claim(Map<Integer, String> seen, int version, String what) {
    String previous = seen.putIfAbsent(version, what);
    if (previous != null) {
      throw new MigrationException(version,
          "duplicate migration version " + version + ": " + previous + " and " + what, null);
    }
  }

  private static void checkUnchanged(Step step, AppliedMigration done) {
    if (step.checksum() != null && !step.checksum().equals(done.checksum())) {
      throw new MigrationException(step.version(), "checksum mismatch for migration V" + step.version()
          + " (" + step.name() + "): it was applied with checksum " + done.checksum()
          + " but the script now has checksum " + step.checksum(), null);
    }
  }

  private static Future<Void> runScript(SqlConnection conn, SqlMigration m) {
    Future<Void> chain = Future.succeededFuture();
    for (String statement : SqlScript.split(m.sql())) {
      chain = chain.compose(v -> conn.query(statement).execute().mapEmpty());
    }
    return chain;
  }

  private static Future<List<AppliedMigration>> runAll(Database db, List<Step> pending) {
    List<AppliedMigration> done = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (Step step : pending) {
      chain = chain.compose(v -> runOne(db, step).map(applied -> {
        applied.ifPresent(done::add);
        return null;
      }));
    }
    return chain.map(v -> done);
  }

  private static Future<Optional<AppliedMigration>> runOne(Database db, Step step) {
    return db.withTransaction(conn -> conn
            .preparedQuery("SELECT checksum FROM " + TABLE + " WHERE version = ?")
            .execute(Tuple.of(step.version()))
            .compose(rows -> {
              if (rows.size() > 0) {
                // applied meanwhile by another process; the write lock we hold makes this check final
                return Future.succeededFuture(Optional.<AppliedMigration>empty());
              }
              AppliedMigration record = new AppliedMigration(step.version(), step.name(), step.checksum(),
                  Instant.ofEpochSecond(Instant.now().getEpochSecond()));
              Future<Void> body;
              try {
                body = Objects.requireNonNull(step.body().apply(conn), "migration returned null");
              } catch (RuntimeException e) {
                body = Future.failedFuture(e);
              }
              return body
                  .compose(v -> conn.preparedQuery("INSERT INTO " + TABLE
                          + " (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)")
                      .execute(Tuple.of(record.version(), record.name(), record.checksum(),
                          record.appliedAt().getEpochSecond())))
                  .map(ignored -> Optional.of(record));
            }))
        .recover(err -> {
          Throwable mapped = SqliteErrors.map(err, db.path());
          if (SqliteErrors.isEnvironmental(mapped) || mapped instanceof MigrationException) {
            return Future.failedFuture(mapped);
          }
          return Future.failedFuture(new MigrationException(step.version(), "migration V" + step.version()
              + " (" + step.name() + ") failed and was rolled back: " + mapped.getMessage(), mapped));
        })
        .onSuccess(applied -> applied.ifPresent(a ->
            LOG.log(System.Logger.Level.INFO, "applied migration V{0} ({1}) to {2}", a.version(), a.name(),
                db.path())));
  }

  private static AppliedMigration toApplied(Row row) {
    return new AppliedMigration(((Number) row.getValue("version")).intValue(), row.getString("name"),
        row.getString("checksum"), Instant.ofEpochSecond(((Number) row.getValue("applied_at")).longValue()));
  }
}
