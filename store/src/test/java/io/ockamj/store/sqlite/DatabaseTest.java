package io.ockamj.store.sqlite;

import io.ockamj.store.Store;
import io.ockamj.store.StoreException;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

@ExtendWith(VertxExtension.class)
class DatabaseTest {

  @TempDir
  Path dir;

  @Test
  void opensInNewDirectoriesWithWalForeignKeysAndBusyTimeout(Vertx vertx, VertxTestContext ctx) {
    Path file = dir.resolve("a/b/c/db.sqlite3");
    Database.open(vertx, file, Duration.ofMillis(1234)).onComplete(ctx.succeeding(db -> db
        .withConnection(conn -> conn.query("PRAGMA journal_mode").execute()
            .compose(jm -> conn.query("PRAGMA foreign_keys").execute()
                .compose(fk -> conn.query("PRAGMA busy_timeout").execute()
                    .map(bt -> new Object[] {jm.iterator().next().getString(0), fk.iterator().next().getValue(0),
                        bt.iterator().next().getValue(0)}))))
        .compose(values -> db.close().map(values))
        .onComplete(ctx.succeeding(values -> ctx.verify(() -> {
          assertThat(values[0]).isEqualTo("wal");
          assertThat(((Number) values[1]).intValue()).isEqualTo(1);
          assertThat(((Number) values[2]).intValue()).isEqualTo(1234);
          assertThat(db.path()).isEqualTo(file.toAbsolutePath());
          assertThat(db.isClosed()).isTrue();
          assertThat(Files.isRegularFile(file)).isTrue();
          if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
          }
          ctx.completeNow();
        })))));
  }

  @Test
  void aGarbageFileIsReportedAndLeftUntouched(Vertx vertx) throws Exception {
    Path file = dir.resolve("garbage.sqlite3");
    byte[] garbage = "this is not a database, only some text\n".repeat(100).getBytes(StandardCharsets.UTF_8);
    Files.write(file, garbage);

    Throwable err = failure(Database.open(vertx, file));

    assertThat(err).isInstanceOf(StoreException.class)
        .hasMessage("not a SQLite database: " + file.toAbsolutePath());
    assertThat(((StoreException) err).reason()).isEqualTo(StoreException.Reason.NOT_A_DATABASE);
    assertThat(Files.readAllBytes(file)).isEqualTo(garbage);

    Throwable storeErr = failure(Store.open(vertx, file));
    assertThat(storeErr).isInstanceOf(StoreException.class).hasMessageContaining("not a SQLite database");
    assertThat(((StoreException) storeErr).reason()).isEqualTo(StoreException.Reason.NOT_A_DATABASE);
    assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
  }

  @Test
  void aDirectoryInsteadOfAFileIsReported(Vertx vertx) throws Exception {
    Path file = Files.createDirectories(dir.resolve("db.sqlite3"));

    Throwable err = failure(Database.open(vertx, file));

    assertThat(err).isInstanceOf(StoreException.class).hasMessageContaining("is a directory");
    assertThat(((StoreException) err).reason()).isEqualTo(StoreException.Reason.CANNOT_OPEN);
  }

  @Test
  void aDatabaseLockedByAnotherConnectionIsReported(Vertx vertx) throws Exception {
    Path file = dir.resolve("locked.sqlite3");
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
         Statement st = other.createStatement()) {
      st.execute("CREATE TABLE t (x)");
      st.execute("BEGIN EXCLUSIVE");
      st.execute("INSERT INTO t VALUES (1)");

      long start = System.nanoTime();
      Throwable err = failure(SqliteStore.open(vertx, file, Duration.ofMillis(200), Migrator.defaults()));

      assertThat(err).isInstanceOf(StoreException.class).hasMessageContaining("locked")
          .hasMessageContaining(file.toAbsolutePath().toString());
      assertThat(((StoreException) err).reason()).isEqualTo(StoreException.Reason.LOCKED);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
      st.execute("ROLLBACK");
    }
    // once the lock is gone the same file opens and migrates
    Store store = await(Store.open(vertx, file));
    assertThat(await(store.identities().list())).isEmpty();
    await(store.close());
  }

  @Test
  void aTransactionIsAllOrNothing(Vertx vertx) {
    Database db = await(Database.open(vertx, dir.resolve("tx.sqlite3")));
    await(db.execute("CREATE TABLE t (x INTEGER NOT NULL)", Tuple.tuple()));

    Throwable err = failure(db.withTransaction(conn -> conn.query("INSERT INTO t VALUES (1)").execute()
        .compose(rs -> conn.query("INSERT INTO t VALUES (NULL)").execute())));

    assertThat(err).isInstanceOf(StoreException.class).hasMessageContaining("NOT NULL");
    assertThat(((StoreException) err).reason()).isEqualTo(StoreException.Reason.CONSTRAINT);
    assertThat(await(db.execute("SELECT count(*) FROM t", Tuple.tuple())).iterator().next().getInteger(0)).isZero();

    Throwable own = failure(db.withTransaction(conn -> conn.query("INSERT INTO t VALUES (2)").execute()
        .compose(rs -> Future.failedFuture(new IllegalStateException("mine")))));
    assertThat(own).isInstanceOf(IllegalStateException.class).hasMessage("mine");
    assertThat(await(db.execute("SELECT count(*) FROM t", Tuple.tuple())).iterator().next().getInteger(0)).isZero();
    await(db.close());
  }

  // Regression: vertx-jdbc-client 5.0.10 leaves auto-commit off after Pool.withTransaction
  // (vert-x3/vertx-jdbc-client#356), which silently lost every later non-transactional write.
  @Test
  void writesAfterATransactionAreDurable(Vertx vertx) {
    Path file = dir.resolve("durable.sqlite3");
    Database db = await(Database.open(vertx, file));
    await(db.execute("CREATE TABLE t (x INTEGER)", Tuple.tuple()));
    await(db.withTransaction(conn -> conn.query("INSERT INTO t VALUES (1)").execute()));
    await(db.execute("INSERT INTO t VALUES (2)", Tuple.tuple()));
    // a later rolled-back transaction must not take the auto-committed write with it
    failure(db.withTransaction(conn -> conn.query("INSERT INTO t VALUES (3)").execute()
        .compose(rs -> Future.failedFuture(new IllegalStateException("roll back")))));
    await(db.execute("INSERT INTO t VALUES (4)", Tuple.tuple()));
    await(db.close());

    Database reopened = await(Database.open(vertx, file));
    assertThat(await(reopened.execute("SELECT group_concat(x) FROM (SELECT x FROM t ORDER BY x)", Tuple.tuple()))
        .iterator().next().getString(0)).isEqualTo("1,2,4");
    await(reopened.close());
  }

  @Test
  void foreignKeysAreEnforced(Vertx vertx) {
    Store store = await(Store.open(vertx, dir.resolve("fk.sqlite3")));

    Throwable err = failure(((SqliteStore) store).database().execute(
        "INSERT INTO tcp_inlet (node_name, alias, bind_address, outlet_route, created_at) VALUES (?, ?, ?, ?, ?)",
        Tuple.of("no-such-node", "i", "127.0.0.1:0", "/service/outlet", 0)));

    assertThat(err).isInstanceOf(StoreException.class).hasMessageContaining("FOREIGN KEY");
    await(store.close());
  }

  @Test
  void useAfterCloseFailsWithClosed(Vertx vertx) {
    Database db = await(Database.open(vertx, dir.resolve("closed.sqlite3")));
    await(db.close());
    await(db.close());

    Throwable err = failure(db.execute("SELECT 1", Tuple.tuple()));

    assertThat(err).isInstanceOf(StoreException.class);
    assertThat(((StoreException) err).reason()).isEqualTo(StoreException.Reason.CLOSED);
  }
}
