package io.ockamj.store.sqlite;

import io.ockamj.store.StoreTestBase;
import io.ockamj.store.NodeRecord;
import io.ockamj.store.NodeRepository;

import static io.ockamj.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.time.Instant;

class NodeRepositoryTest extends StoreTestBase {

  @Test
  void storeGetUpdateListDelete() {
    NodeRepository nodes = store.nodes();
    NodeRecord n1 = NodeRecord.of("n1", "I01").withPid(4242L).withTcpListenerAddress("127.0.0.1:4000")
        .withConfig(new JsonObject().put("verbosity", 2).put("services", new JsonObject().put("echo", true)));

    NodeRecord stored = await(nodes.store(n1));

    assertThat(stored.name()).isEqualTo("n1");
    assertThat(stored.identifier()).isEqualTo("I01");
    assertThat(stored.pid()).isEqualTo(4242L);
    assertThat(stored.tcpListenerAddress()).isEqualTo("127.0.0.1:4000");
    assertThat(stored.isDefault()).isFalse();
    assertThat(stored.config()).isEqualTo(n1.config());
    assertThat(stored.createdAt()).isNotNull();
    assertThat(await(nodes.get("n1"))).contains(stored);
    assertThat(await(nodes.get("n2"))).isEmpty();

    NodeRecord stopped = await(nodes.store(stored.withPid(null).withTcpListenerAddress(null)
        .withConfig(null)));
    assertThat(stopped.pid()).isNull();
    assertThat(stopped.tcpListenerAddress()).isNull();
    assertThat(stopped.config()).isEqualTo(new JsonObject());
    assertThat(stopped.createdAt()).isEqualTo(stored.createdAt());

    await(nodes.store(new NodeRecord("n0", "I02", null, null, false, null, Instant.ofEpochSecond(1000))));
    assertThat(await(nodes.list())).extracting(NodeRecord::name).containsExactly("n0", "n1");

    assertThat(await(nodes.delete("n1"))).isTrue();
    assertThat(await(nodes.delete("n1"))).isFalse();
    assertThat(await(nodes.list())).extracting(NodeRecord::name).containsExactly("n0");
  }

  @Test
  void defaultSwitchesAtomically() {
    NodeRepository nodes = store.nodes();
    await(nodes.store(NodeRecord.of("a", "I01").withDefault(true)));
    await(nodes.store(NodeRecord.of("b", "I01")));
    assertThat(await(nodes.getDefault()).map(NodeRecord::name)).contains("a");

    assertThat(await(nodes.setDefault("b"))).isTrue();
    assertThat(await(nodes.getDefault()).map(NodeRecord::name)).contains("b");
    assertThat(await(nodes.get("a")).orElseThrow().isDefault()).isFalse();

    assertThat(await(nodes.setDefault("zzz"))).isFalse();
    assertThat(await(nodes.getDefault()).map(NodeRecord::name)).contains("b");

    // storing a record marked default takes the flag over
    await(nodes.store(NodeRecord.of("c", "I02").withDefault(true)));
    assertThat(await(nodes.list())).filteredOn(NodeRecord::isDefault).extracting(NodeRecord::name)
        .containsExactly("c");

    await(nodes.delete("c"));
    assertThat(await(nodes.getDefault())).isEmpty();
  }

  @Test
  void deletingANodeDeletesItsPortalsAndRelays() {
    await(store.nodes().store(NodeRecord.of("n1", "I01")));
    Database db = ((SqliteStore) store).database();
    await(db.execute("INSERT INTO tcp_inlet (node_name, alias, bind_address, outlet_route, created_at) "
        + "VALUES (?, ?, ?, ?, ?)", Tuple.of("n1", "in", "127.0.0.1:5000", "/service/outlet", 0)));
    await(db.execute("INSERT INTO tcp_outlet (node_name, alias, target_address, worker_address, created_at) "
        + "VALUES (?, ?, ?, ?, ?)", Tuple.of("n1", "out", "127.0.0.1:6000", "outlet", 0)));
    await(db.execute("INSERT INTO relay (node_name, name, at_route, created_at) VALUES (?, ?, ?, ?)",
        Tuple.of("n1", "r", "/node/relay-node", 0)));

    await(store.nodes().delete("n1"));

    for (String table : new String[] {"tcp_inlet", "tcp_outlet", "relay"}) {
      assertThat(await(db.execute("SELECT count(*) FROM " + table, Tuple.tuple())).iterator().next().getInteger(0))
          .as(table).isZero();
    }
  }
}
