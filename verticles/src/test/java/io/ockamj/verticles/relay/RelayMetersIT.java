package io.ockamj.verticles.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.metrics.NodeMeters;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/** A relay session's pings in the node meters: answered pings counted with their round trip. */
@ExtendWith(VertxExtension.class)
class RelayMetersIT {

  private final List<Node> nodes = new ArrayList<>();
  private RelaySession session;

  @AfterEach
  void closeAll() {
    if (session != null) {
      await(session.close());
    }
    nodes.forEach(n -> await(n.close()));
  }

  @Test
  void answeredPingsAreCountedWithTheirRoundTrip(Vertx vertx) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Node relayNode = await(Node.create(vertx, new NodeOptions().setName("relay-node").setTcpListenerAddress("127.0.0.1:0")));
    nodes.add(relayNode);
    Node b = await(Node.create(vertx, new NodeOptions().setName("b")));
    nodes.add(b);
    NodeMeters.install(b, registry);
    session = await(RelaySession.start(b, Route.of(Address.tcp(relayNode.tcpListenerAddress())), "b",
      new RelaySessionOptions().setPingIntervalMs(50)));
    until("three pongs came back", () -> session.pongsReceived() >= 3, Duration.ofSeconds(10));
    Counter ok = registry.find("ockam.relay.pings").tags("node", "b", "relay", "b", "outcome", "ok").counter();
    Timer rtt = registry.find("ockam.relay.rtt").tags("node", "b", "relay", "b").timer();
    assertThat(ok.count()).isGreaterThanOrEqualTo(3);
    assertThat(rtt.count()).isGreaterThanOrEqualTo(3);
    assertThat(rtt.max(TimeUnit.NANOSECONDS)).isPositive();
    // the last one, for the console and ockam_relay_last_rtt_seconds
    assertThat(NodeMeters.of(b).lastRelayRtt("b")).hasValueSatisfying(d -> assertThat(d).isPositive());
    assertThat(registry.find("ockam.relay.last_rtt").tags("node", "b", "relay", "b").gauge().value()).isPositive();
    assertThat(NodeMeters.of(b).lastRelayRtt("other")).isEmpty();
  }
}
