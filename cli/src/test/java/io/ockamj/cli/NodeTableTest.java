package io.ockamj.cli;

import io.ockamj.store.NodeRecord;
import io.ockamj.store.Store;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

import static io.ockamj.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The node table read with plain sqlite-jdbc gives what the store gives, and only from an up-to-date database. */
@ExtendWith(VertxExtension.class)
class NodeTableTest {

  private static final String ID = "I" + "ab".repeat(32);

  @Test
  void readsTheNodesTheStoreWrote(Vertx vertx, @TempDir Path dir) throws Exception {
    Path db = dir.resolve("database.sqlite3");
    Store store = await(Store.open(vertx, db));
    List<NodeRecord> stored;
    try {
      await(store.nodes().store(NodeRecord.of("b-first", ID).withTcpListenerAddress("127.0.0.1:4000").withPid(4242L)));
      await(store.nodes().store(new NodeRecord("a-second", ID, null, null, true, new JsonObject().put("identity", "x"), null)));
      stored = await(store.nodes().list());
      try (NodeTable t = NodeTable.open(db).orElseThrow()) {
        // same order, fields and default flag; no configuration
        assertThat(t.list()).extracting(NodeRecord::name).containsExactly("b-first", "a-second");
        for (int i = 0; i < stored.size(); i++) {
          NodeRecord want = stored.get(i);
          NodeRecord got = t.list().get(i);
          assertThat(got.withConfig(want.config())).isEqualTo(want);
          assertThat(got.config()).isEqualTo(new JsonObject());
        }
        assertThat(t.get("b-first").orElseThrow().pid()).isEqualTo(4242L);
        assertThat(t.get("a-second").orElseThrow().pid()).isNull();
        assertThat(t.get("a-second").orElseThrow().isDefault()).isTrue();
        assertThat(t.get("nope")).isEmpty();
      }
    } finally {
      await(store.close());
    }
  }

  @Test
  void leavesAMissingOrOlderDatabaseToTheStore(Vertx vertx, @TempDir Path dir) throws Exception {
    Path db = dir.resolve("database.sqlite3");
    assertThat(NodeTable.open(db)).isEmpty();
    assertThat(Files.exists(db)).as("no database is created").isFalse();

    await(Store.open(vertx, db).compose(Store::close));
    Optional<NodeTable> current = NodeTable.open(db);
    assertThat(current).isPresent();
    current.get().close();

    int latest = NodeTable.latestMigration();
    assertThat(latest).isGreaterThanOrEqualTo(5);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM _migrations WHERE version = " + latest);
    }
    assertThat(NodeTable.open(db)).as("a schema older than this build's").isEmpty();

    Files.writeString(db, "not a database");
    assertThat(NodeTable.open(db)).isEmpty();
  }
}
