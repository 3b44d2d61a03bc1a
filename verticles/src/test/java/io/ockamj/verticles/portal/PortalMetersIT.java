package io.ockamj.verticles.portal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ockamj.node.Node;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.metrics.NodeMeters;
import io.ockamj.verticles.metrics.PortalMeters;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/** The node meters of a portal through a secure channel: exact byte counts each way, connections, the channel. */
@ExtendWith(VertxExtension.class)
class PortalMetersIT extends PortalTestSupport {

  private final MeterRegistry registry = new SimpleMeterRegistry();

  private double counter(String name, String... tags) {
    io.micrometer.core.instrument.Counter c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  private double gauge(String name, String... tags) {
    io.micrometer.core.instrument.Gauge g = registry.find(name).tags(tags).gauge();
    return g == null ? Double.NaN : g.value();
  }

  @Test
  void bytesEachWayConnectionsAndTheChannel(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    NodeMeters.install(a, registry);
    NodeMeters.install(b, registry);
    assertThat(NodeMeters.of(a).enabled()).isTrue();

    SecureChannel ch = channel(vertx, a, b);
    until("both ends of the channel are counted", () -> counter("ockam.secure_channels.established", "node", "b", "role", "responder") == 1,
      Duration.ofSeconds(10));
    assertThat(counter("ockam.secure_channels.established", "node", "a", "role", "initiator")).isEqualTo(1);
    Timer handshake = registry.find("ockam.secure_channel.handshake").tags("node", "a", "role", "initiator").timer();
    assertThat(handshake.count()).isEqualTo(1);
    assertThat(handshake.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
    assertThat(gauge("ockam.secure_channels.open", "node", "a")).isEqualTo(1);

    await(portals(b).createOutlet("outlet", "127.0.0.1:" + echoServer(vertx), overTcp(b)));
    String inlet = await(portals(a).createInlet("127.0.0.1:0", Route.of(ch.encryptor(), Address.local("outlet")), new InletOptions()))
      .bindAddress();
    Socket c = client(inlet);
    OutputStream out = c.getOutputStream();
    int total = 0;
    for (int i = 0; i < 5; i++) {
      byte[] chunk = new byte[7_000 + i * 1_000];
      Arrays.fill(chunk, (byte) i);
      out.write(chunk);
      assertThat(readExactly(c.getInputStream(), chunk.length)).isEqualTo(chunk);
      total += chunk.length;
    }
    String[] in = {"node", "a", "kind", "inlet", "portal", inlet};
    String[] outl = {"node", "b", "kind", "outlet", "portal", "outlet"};
    // every byte the client got back went: inlet from_tcp, outlet to_tcp, outlet from_tcp, inlet to_tcp
    assertThat(counter("ockam.portal.bytes", concat(in, "direction", "from_tcp"))).isEqualTo(total);
    assertThat(counter("ockam.portal.bytes", concat(outl, "direction", "to_tcp"))).isEqualTo(total);
    assertThat(counter("ockam.portal.bytes", concat(outl, "direction", "from_tcp"))).isEqualTo(total);
    assertThat(counter("ockam.portal.bytes", concat(in, "direction", "to_tcp"))).isEqualTo(total);
    assertThat(counter("ockam.portal.connections", in)).isEqualTo(1);
    assertThat(counter("ockam.portal.connections", outl)).isEqualTo(1);
    assertThat(gauge("ockam.portal.connections.open", in)).isEqualTo(1);
    // what the console reads, without creating meters for unknown portals
    PortalMeters seen = NodeMeters.of(a).existingPortal(true, inlet);
    assertThat(seen.bytesFromTcp()).isEqualTo(total);
    assertThat(seen.bytesToTcp()).isEqualTo(total);
    assertThat(seen.connectionsOpened()).isEqualTo(1);
    assertThat(seen.connectionsOpen()).isEqualTo(1);
    assertThat(NodeMeters.of(a).existingPortal(true, "127.0.0.1:1")).isSameAs(PortalMeters.DISABLED);
    assertThat(registry.find("ockam.portal.bytes").tags("portal", "127.0.0.1:1").counters()).isEmpty();
    // the encrypted portal messages crossed the TCP connection: more payload bytes than the data
    assertThat(counter("ockam.transport.bytes", "node", "a", "transport", "tcp", "direction", "sent")).isGreaterThan(total);

    c.close();
    until("both ends of the portal connection are closed", () -> gauge("ockam.portal.connections.open", in) == 0
      && gauge("ockam.portal.connections.open", outl) == 0, Duration.ofSeconds(10));
  }

  private static String[] concat(String[] tags, String... more) {
    String[] all = Arrays.copyOf(tags, tags.length + more.length);
    System.arraycopy(more, 0, all, tags.length, more.length);
    return all;
  }
}
