package io.ockamj.cli;

import io.ockamj.store.NodeRecord;
import io.ockamj.store.PolicyRecord;
import io.ockamj.store.Store;
import io.ockamj.store.TcpOutletRecord;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.ockamj.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What node stop and node delete change through the light table is what the store would change: a
 * deleted node takes its outlets and policies with it, a pid is cleared only while it is the node's.
 */
@ExtendWith(VertxExtension.class)
class NodeRowsTest {

  private static final String ID = "I" + "cd".repeat(32);

  @Test
  void deleteAndClearPidAsTheStoreDoes(Vertx vertx, @TempDir Path dir) throws Exception {
    Path db = dir.resolve("database.sqlite3");
    Store store = await(Store.open(vertx, db));
    try {
      await(store.nodes().store(NodeRecord.of("gone", ID).withPid(111L)));
      await(store.nodes().store(new NodeRecord("kept", ID, 222L, null, true, null, null)));
      await(store.tcpOutlets().store(new TcpOutletRecord("gone", "outlet", "127.0.0.1:5000", "outlet", null, null)));
      await(store.policies().store(new PolicyRecord("gone", PolicyRecord.Target.RESOURCE, "outlet", PolicyRecord.HANDLE_MESSAGE,
        "(= subject.role \"x\")")));

      try (NodeTable t = NodeTable.open(db).orElseThrow()) {
        assertThat(t.record(null).name()).as("the default node").isEqualTo("kept");
        assertThatThrownBy(() -> t.record("nope")).isInstanceOf(ExitCodes.CliException.class).hasMessageContaining("nope");

        t.clearPid("kept", 999L);
        assertThat(t.find("kept").orElseThrow().pid()).as("another process's pid stays").isEqualTo(222L);
        t.clearPid("kept", 222L);
        assertThat(t.find("kept").orElseThrow().pid()).isNull();

        assertThat(t.delete("gone")).isTrue();
        assertThat(t.delete("gone")).isFalse();
        assertThat(t.records()).extracting(NodeRecord::name).containsExactly("kept");
      }
      assertThat(await(store.nodes().get("gone"))).isEmpty();
      assertThat(await(store.tcpOutlets().list("gone"))).as("the foreign key took the outlet").isEmpty();
      assertThat(await(store.policies().list("gone"))).as("the trigger took the policy").isEmpty();

      try (NodeTable t = NodeTable.open(db).orElseThrow()) {
        t.delete("kept");
        assertThatThrownBy(() -> t.record(null)).isInstanceOf(ExitCodes.CliException.class)
          .hasMessageContaining("there is no default node");
      }
    } finally {
      await(store.close());
    }
  }
}
