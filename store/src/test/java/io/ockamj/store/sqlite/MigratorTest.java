package io.ockamj.store.sqlite;

import io.ockamj.store.StoreException;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

@ExtendWith(VertxExtension.class)
class MigratorTest {

  @TempDir
  Path dir;

  private Database db;

  @BeforeEach
  void open(Vertx vertx, VertxTestContext ctx) {
    Database.open(vertx, dir.resolve("m.sqlite3")).onComplete(ctx.succeeding(d -> {
      db = d;
      ctx.completeNow();
    }));
  }

  @AfterEach
  void close(VertxTestContext ctx) {
    db.close().onComplete(ctx.succeedingThenComplete());
  }

  private List<String> tables() {
    return await(db.execute("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        + "ORDER BY name", Tuple.tuple()).map(rs -> {
          List<String> names = new ArrayList<>();
          rs.forEach(r -> names.add(r.getString(0)));
          return names;
        }));
  }

  private static JavaMigration java(int version, String name, Function<SqlConnection, Future<Void>> body) {
    return new JavaMigration() {
      @Override
      public int version() {
        return version;
      }

      @Override
      public String name() {
        return name;
      }

      @Override
      public Future<Void> migrate(SqlConnection connection) {
        return body.apply(connection);
      }
    };
  }

  @Test
  void defaultMigrationsCreateTheSchemaFromEmpty() throws Exception {
    List<AppliedMigration> applied = await(Migrator.defaults().migrate(db));

    assertThat(applied).extracting(AppliedMigration::version).containsExactly(1, 2, 4);
    assertThat(applied.get(0).name()).isEqualTo("init");
    assertThat(applied.get(1).name()).isEqualTo("vaults");
    byte[] script;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("db/migration/V1__init.sql")) {
      script = in.readAllBytes();
    }
    String sha384 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-384").digest(script));
    assertThat(applied.get(0).checksum()).isEqualTo(sha384);
    assertThat(tables()).contains("_migrations", "identity", "vault_key", "purpose_key", "credential",
        "identity_attributes", "node", "tcp_inlet", "tcp_outlet", "relay", "vault");
    assertThat(await(Migrator.defaults().applied(db))).containsExactlyElementsOf(applied);
  }

  @Test
  void rerunIsANoOp() {
    List<AppliedMigration> first = await(Migrator.defaults().migrate(db));
    List<AppliedMigration> second = await(Migrator.defaults().migrate(db));

    assertThat(second).isEmpty();
    assertThat(await(Migrator.defaults().applied(db))).containsExactlyElementsOf(first);
  }

  @Test
  void appliedIsEmptyOnAFreshDatabase() {
    assertThat(await(Migrator.defaults().applied(db))).isEmpty();
    assertThat(tables()).isEmpty();
  }

  @Test
  void sqlAndJavaMigrationsRunTogetherInVersionOrder() {
    List<Integer> javaRuns = new ArrayList<>();
    Migrator migrator = Migrator.create(
        List.of(SqlMigration.of(3, "add_column", "ALTER TABLE t ADD COLUMN extra TEXT DEFAULT 'x';"),
            SqlMigration.of(1, "create", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);")),
        List.of(java(2, "fill", conn -> {
          javaRuns.add(2);
          return conn.preparedQuery("INSERT INTO t (v) VALUES (?)").executeBatch(
              List.of(Tuple.of("a"), Tuple.of("b"))).mapEmpty();
        })));

    List<AppliedMigration> applied = await(migrator.migrate(db));

    assertThat(applied).extracting(AppliedMigration::version).containsExactly(1, 2, 3);
    assertThat(applied.get(1).checksum()).isNull();
    assertThat(javaRuns).containsExactly(2);
    List<String> rows = await(db.execute("SELECT v || extra FROM t ORDER BY id", Tuple.tuple()).map(rs -> {
      List<String> out = new ArrayList<>();
      for (Row r : rs) {
        out.add(r.getString(0));
      }
      return out;
    }));
    assertThat(rows).containsExactly("ax", "bx");

    assertThat(await(migrator.migrate(db))).isEmpty();
    assertThat(javaRuns).containsExactly(2);
  }

  @Test
  void duplicateVersionsAreRefusedBeforeAnythingRuns() {
    Migrator migrator = Migrator.create(
        List.of(SqlMigration.of(1, "a", "CREATE TABLE a (x);"), SqlMigration.of(2, "b", "CREATE TABLE b (x);")),
        List.of(java(2, "also_two", conn -> Future.succeededFuture())));

    Throwable err = failure(migrator.migrate(db));

    assertThat(err).isInstanceOf(MigrationException.class)
        .hasMessageContaining("duplicate migration version 2");
    assertThat(((MigrationException) err).version()).isEqualTo(2);
    assertThat(((StoreException) err).reason()).isEqualTo(StoreException.Reason.MIGRATION);
    assertThat(tables()).isEmpty();
  }

  @Test
  void duplicateSqlVersionsAreRefused() {
    Migrator migrator = Migrator.create(
        List.of(SqlMigration.of(1, "a", "CREATE TABLE a (x);"), SqlMigration.of(1, "b", "CREATE TABLE b (x);")),
        List.of());

    assertThat(failure(migrator.migrate(db))).isInstanceOf(MigrationException.class)
        .hasMessageContaining("duplicate migration version 1");
    assertThat(tables()).isEmpty();
  }

  @Test
  void changedChecksumOfAnAppliedMigrationIsRefused() {
    await(Migrator.create(List.of(SqlMigration.of(1, "a", "CREATE TABLE a (x);")), List.of()).migrate(db));

    Migrator changed = Migrator.create(List.of(
        SqlMigration.of(1, "a", "CREATE TABLE a (x, y);"),
        SqlMigration.of(2, "b", "CREATE TABLE b (x);")), List.of());
    Throwable err = failure(changed.migrate(db));

    assertThat(err).isInstanceOf(MigrationException.class).hasMessageContaining("checksum mismatch")
        .hasMessageContaining("V1");
    assertThat(tables()).doesNotContain("b");
    assertThat(await(changed.applied(db))).extracting(AppliedMigration::version).containsExactly(1);
  }

  @Test
  void aFailingSqlMigrationRollsBackCompletely() {
    SqlMigration good = SqlMigration.of(1, "good", "CREATE TABLE good (x);");
    SqlMigration bad = SqlMigration.of(2, "bad",
        "CREATE TABLE partial (x);\nINSERT INTO partial VALUES (1);\nINSERT INTO missing VALUES (1);");
    SqlMigration later = SqlMigration.of(3, "later", "CREATE TABLE later (x);");

    Throwable err = failure(Migrator.create(List.of(good, bad, later), List.of()).migrate(db));

    assertThat(err).isInstanceOf(MigrationException.class).hasMessageContaining("V2 (bad) failed")
        .hasMessageContaining("no such table: missing");
    assertThat(((MigrationException) err).version()).isEqualTo(2);
    assertThat(tables()).containsExactly("_migrations", "good");
    Migrator fixed = Migrator.create(
        List.of(good, SqlMigration.of(2, "bad", "CREATE TABLE partial (x);"), later), List.of());
    assertThat(await(fixed.applied(db))).extracting(AppliedMigration::version).containsExactly(1);

    // the fixed migration runs next time, followed by the rest
    assertThat(await(fixed.migrate(db))).extracting(AppliedMigration::version).containsExactly(2, 3);
    assertThat(tables()).containsExactly("_migrations", "good", "later", "partial");
  }

  @Test
  void aFailingJavaMigrationRollsBackItsWrites() {
    SqlMigration create = SqlMigration.of(1, "create", "CREATE TABLE t (v TEXT);");
    JavaMigration failing = java(2, "failing", conn -> conn.query("INSERT INTO t VALUES ('half')").execute()
        .compose(rs -> Future.failedFuture(new IllegalStateException("boom"))));

    Throwable err = failure(Migrator.create(List.of(create), List.of(failing)).migrate(db));

    assertThat(err).isInstanceOf(MigrationException.class).hasMessageContaining("V2 (failing)")
        .hasMessageContaining("boom");
    assertThat(await(db.execute("SELECT count(*) FROM t", Tuple.tuple())).iterator().next().getInteger(0))
        .isZero();
    assertThat(await(Migrator.defaults().applied(db))).extracting(AppliedMigration::version).containsExactly(1);
  }

  @Test
  void aJavaMigrationThatThrowsIsReportedAsAFailure() {
    JavaMigration throwing = java(1, "throwing", conn -> {
      throw new IllegalArgumentException("thrown, not returned");
    });

    assertThat(failure(Migrator.create(List.of(), List.of(throwing)).migrate(db)))
        .isInstanceOf(MigrationException.class).hasMessageContaining("thrown, not returned");
    assertThat(await(Migrator.defaults().applied(db))).isEmpty();
  }

  @Test
  void multiStatementScriptsWithTriggersAndCommentsRun() {
    String script = String.join("\n",
        "-- comment; with a semicolon",
        "CREATE TABLE log (msg TEXT);",
        "CREATE TABLE item (name TEXT); /* block; comment */",
        "CREATE TRIGGER item_log AFTER INSERT ON item BEGIN",
        "  INSERT INTO log VALUES ('added; ' || new.name);",
        "  INSERT INTO log VALUES ('twice');",
        "END;",
        "INSERT INTO item VALUES ('it''s');");

    await(Migrator.create(List.of(SqlMigration.of(1, "trigger", script)), List.of()).migrate(db));

    assertThat(await(db.execute("SELECT count(*) FROM log", Tuple.tuple())).iterator().next().getInteger(0))
        .isEqualTo(2);
    assertThat(await(db.execute("SELECT msg FROM log WHERE rowid = 1", Tuple.tuple())).iterator().next()
        .getString(0)).isEqualTo("added; it's");
  }

  @Test
  void missingIndexResourceIsAMigrationError() {
    Migrator migrator = Migrator.fromIndex(getClass().getClassLoader(), "db/nope/index.txt", List.of());

    assertThat(failure(migrator.migrate(db))).isInstanceOf(MigrationException.class)
        .hasMessageContaining("db/nope/index.txt");
  }
}
