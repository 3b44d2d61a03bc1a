package io.ockamj.store;

import static io.ockamj.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

/** The inlet, outlet and relay repositories: upsert, per-node listing, deletion, and the node cascade. */
class PortalRepositoriesTest extends StoreTestBase {

  @BeforeEach
  void nodes() {
    await(store.nodes().store(NodeRecord.of("n1", "I01")));
    await(store.nodes().store(NodeRecord.of("n2", "I02")));
  }

  @Test
  void inlets() {
    TcpInletRepository inlets = store.tcpInlets();
    JsonObject cfg = new JsonObject().put("authorized", new JsonArray().add("I03"));
    TcpInletRecord a = await(inlets.store(new TcpInletRecord("n1", "a", "127.0.0.1:5000",
      "/node/relay/service/forward_to_n2/secure/api/service/outlet", cfg, null)));
    assertThat(a.createdAt()).isNotNull();
    assertThat(a.config()).isEqualTo(cfg);
    await(inlets.store(new TcpInletRecord("n1", "b", "127.0.0.1:5001", "/service/outlet", null, Instant.ofEpochSecond(1))));
    await(inlets.store(new TcpInletRecord("n2", "a", "127.0.0.1:5002", "/service/outlet", null, null)));

    assertThat(await(inlets.list("n1"))).extracting(TcpInletRecord::alias).containsExactly("b", "a");
    assertThat(await(inlets.get("n1", "a"))).contains(a);
    assertThat(await(inlets.get("n1", "zzz"))).isEmpty();

    TcpInletRecord moved = await(inlets.store(new TcpInletRecord("n1", "a", "127.0.0.1:6000", "/service/o2", null, null)));
    assertThat(moved.bindAddress()).isEqualTo("127.0.0.1:6000");
    assertThat(moved.outletRoute()).isEqualTo("/service/o2");
    assertThat(moved.config()).isEqualTo(new JsonObject());
    assertThat(moved.createdAt()).isEqualTo(a.createdAt());

    assertThat(await(inlets.delete("n1", "a"))).isTrue();
    assertThat(await(inlets.delete("n1", "a"))).isFalse();
    assertThat(await(inlets.list("n1"))).extracting(TcpInletRecord::alias).containsExactly("b");
    assertThat(await(inlets.list("n2"))).hasSize(1);
  }

  @Test
  void outlets() {
    TcpOutletRepository outlets = store.tcpOutlets();
    TcpOutletRecord o = await(outlets.store(new TcpOutletRecord("n1", "outlet", "127.0.0.1:8080", "outlet", null, null)));
    assertThat(await(outlets.get("n1", "outlet"))).contains(o);
    TcpOutletRecord changed = await(outlets.store(new TcpOutletRecord("n1", "outlet", "localhost:9090", "outlet", null, null)));
    assertThat(changed.targetAddress()).isEqualTo("localhost:9090");
    assertThat(await(outlets.list("n1"))).containsExactly(changed);
    // the worker address is unique per node
    assertThatThrownBy(() -> await(outlets.store(new TcpOutletRecord("n1", "other", "127.0.0.1:1", "outlet", null, null))))
      .isInstanceOf(StoreException.class)
      .satisfies(e -> assertThat(((StoreException) e).reason()).isEqualTo(StoreException.Reason.CONSTRAINT));
    assertThat(await(outlets.delete("n1", "outlet"))).isTrue();
    assertThat(await(outlets.list("n1"))).isEmpty();
  }

  @Test
  void relaysAndTheNodeCascade() {
    RelayRepository relays = store.relays();
    RelayRecord r = await(relays.store(new RelayRecord("n1", "n1", "/node/relay", null, null, null)));
    assertThat(r.remoteAddress()).isNull();
    RelayRecord up = await(relays.store(new RelayRecord("n1", "n1", "/node/relay", "forward_to_n1", null, null)));
    assertThat(await(relays.get("n1", "n1")).orElseThrow().remoteAddress()).isEqualTo("forward_to_n1");
    assertThat(up.createdAt()).isEqualTo(r.createdAt());

    // a row for an unknown node is refused
    assertThatThrownBy(() -> await(relays.store(new RelayRecord("nope", "x", "/node/relay", null, null, null))))
      .isInstanceOf(StoreException.class)
      .satisfies(e -> assertThat(((StoreException) e).reason()).isEqualTo(StoreException.Reason.CONSTRAINT));

    await(store.tcpOutlets().store(new TcpOutletRecord("n1", "outlet", "127.0.0.1:8080", "outlet", null, null)));
    await(store.tcpInlets().store(new TcpInletRecord("n1", "i", "127.0.0.1:5000", "/service/outlet", null, null)));
    await(store.nodes().delete("n1"));
    assertThat(await(relays.list("n1"))).isEmpty();
    assertThat(await(store.tcpOutlets().list("n1"))).isEmpty();
    assertThat(await(store.tcpInlets().list("n1"))).isEmpty();
  }
}
