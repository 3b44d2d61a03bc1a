package io.ockamj.verticles.flow;

import io.ockamj.node.Node;
import io.ockamj.node.NodeContext;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.portal.InletOptions;
import io.ockamj.verticles.portal.OutletOptions;
import io.ockamj.verticles.portal.Portals;
import io.ockamj.verticles.relay.RemoteRelayInfo;
import io.ockamj.verticles.relay.RemoteRelayOptions;
import io.ockamj.verticles.relay.RemoteRelays;
import io.ockamj.verticles.transport.tcp.TcpConnectionInfo;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Flow control over real sockets (§3): what arrives through a TCP connection, a secure channel or a
 * relay reaches only the workers declared consumers of its flow; everything else is dropped and
 * counted, and the connection keeps serving the workers it may reach.
 */
@ExtendWith(VertxExtension.class)
class FlowControlIT {

  private static final Duration SHORT = Duration.ofMillis(700);
  private final List<Node> nodes = new ArrayList<>();

  private Node node(Vertx vertx, String name, boolean listen) throws Exception {
    NodeOptions o = new NodeOptions().setName(name);
    if (listen) {
      o.setTcpListenerAddress("127.0.0.1:0");
    }
    Node n = await(Node.create(vertx, o));
    nodes.add(n);
    return n;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (Node n : nodes) {
      await(n.close());
    }
  }

  /** Answers "name" and counts what it got. */
  static final class Counter implements Worker {
    final AtomicInteger received = new AtomicInteger();

    @Override
    public Future<Void> handleMessage(NodeContext c, Routed m) {
      received.incrementAndGet();
      return c.send(m.returnRoute(), "got it".getBytes(StandardCharsets.UTF_8), m.messageAddress());
    }
  }

  private static Counter start(Node n, String address) throws Exception {
    Counter c = new Counter();
    await(n.startWorker(WorkerOptions.of(address), c));
    return c;
  }

  private static Route tcp(Node n, String... rest) {
    Route r = Route.of(Address.tcp(n.tcpListenerAddress()));
    for (String a : rest) {
      r = r.append(Address.local(a));
    }
    return r;
  }

  private static byte[] ask(Node from, Route route) throws Exception {
    return await(from.context().sendAndReceive(route, new byte[] {1}, SHORT)).payload();
  }

  @Test
  void aTcpPeerReachesOnlyConsumersOfTheListenerFlow(Vertx vertx) throws Exception {
    Node a = node(vertx, "a", false);
    Node b = node(vertx, "b", true);
    Counter vault = start(b, "vault");
    long denied = b.metrics().deniedOutgoing();

    NodeContext ctx = a.context();
    await(ctx.send(tcp(b, "vault"), new byte[] {1}));
    // same connection, in order: once echo answered, B's receiver has judged the first message
    assertThat(await(a.context().sendAndReceive(tcp(b, "echo"), new byte[] {2}, Duration.ofSeconds(5))).payload()).containsExactly(2);
    assertThat(vault.received.get()).isZero();
    assertThat(b.metrics().deniedOutgoing()).isEqualTo(denied + 1);
    assertThatThrownBy(() -> ask(a, tcp(b, "vault"))).hasMessageContaining("no message arrived");

    // declared a consumer of the listener's flow, it is reachable
    b.flowControls().addConsumer(Address.local("vault"), b.tcpListenerFlowControlId());
    assertThat(new String(ask(a, tcp(b, "vault")), StandardCharsets.UTF_8)).isEqualTo("got it");
    assertThat(vault.received.get()).isEqualTo(1);
  }

  @Test
  void channelAndTcpFlowsAreSeparate(Vertx vertx) throws Exception {
    Node a = node(vertx, "a", false);
    Node b = node(vertx, "b", true);
    SecureChannels cb = SecureChannels.create(b, await(vertx.executeBlocking(ChannelIdentity::generate)));
    SecureChannels ca = SecureChannels.create(a, await(vertx.executeBlocking(ChannelIdentity::generate)));
    await(cb.createListener(SecureChannels.DEFAULT_LISTENER, new SecureChannelOptions()));
    Counter inside = start(b, "inside");
    Counter outside = start(b, "outside");
    b.flowControls().addConsumer(Address.local("inside"), cb.listenerFlowControlId("api").orElseThrow());
    b.flowControls().addConsumer(Address.local("outside"), b.tcpListenerFlowControlId());
    assertThat(cb.listenerFlowControlId("api")).contains(b.secureChannelFlowControlId());

    SecureChannel ch = await(ca.createSecureChannel(tcp(b, "api"), new SecureChannelOptions()));
    assertThat(ch.flowControlId()).isNotNull();
    assertThat(new String(ask(a, Route.of(ch.encryptor(), Address.local("inside"))), StandardCharsets.UTF_8)).isEqualTo("got it");
    assertThat(new String(ask(a, tcp(b, "outside")), StandardCharsets.UTF_8)).isEqualTo("got it");
    // plain TCP cannot reach a channel-only service, nor a channel a TCP-only one
    assertThatThrownBy(() -> ask(a, tcp(b, "inside"))).hasMessageContaining("no message arrived");
    assertThatThrownBy(() -> ask(a, Route.of(ch.encryptor(), Address.local("outside")))).hasMessageContaining("no message arrived");
    assertThat(inside.received.get()).isEqualTo(1);
    assertThat(outside.received.get()).isEqualTo(1);
    // nor the node manager's address, or any other worker nobody declared
    assertThatThrownBy(() -> ask(a, tcp(b, "_internal.nodemanager"))).hasMessageContaining("no message arrived");
  }

  @Test
  void anOutletIsNotReachableOverPlainTcpByDefault(Vertx vertx) throws Exception {
    Node a = node(vertx, "a", false);
    Node b = node(vertx, "b", true);
    AtomicInteger accepted = new AtomicInteger();
    NetServer target = await(vertx.createNetServer().connectHandler(s -> accepted.incrementAndGet()).listen(0, "127.0.0.1"));
    try {
      await(Portals.create(b).createOutlet("outlet", "127.0.0.1:" + target.actualPort(), new OutletOptions()));
      long denied = b.metrics().deniedOutgoing();
      String inlet = await(Portals.create(a).createInlet("127.0.0.1:0", tcp(b, "outlet"),
        new InletOptions().setPongTimeoutMs(500))).bindAddress();
      try (Socket client = new Socket()) {
        int colon = inlet.lastIndexOf(':');
        client.connect(new InetSocketAddress(inlet.substring(0, colon), Integer.parseInt(inlet.substring(colon + 1))), 5000);
        client.setSoTimeout(10_000);
        InputStream in = client.getInputStream();
        // no Pong ever comes: the inlet gives up and closes the client
        assertThat(in.read()).isEqualTo(-1);
      }
      assertThat(b.metrics().deniedOutgoing()).isGreaterThan(denied);
      assertThat(accepted.get()).isZero();
    } finally {
      await(target.close());
    }
  }

  @Test
  void whatComesThroughARelayReachesOnlyConsumersOfTheRegistrationConnection(Vertx vertx) throws Exception {
    Node relay = node(vertx, "relay", true);
    Node b = node(vertx, "b", false);
    Node c = node(vertx, "c", false);
    Counter hidden = start(b, "hidden");
    RemoteRelayInfo info = await(RemoteRelays.create(b, tcp(relay), "b", new RemoteRelayOptions()));
    assertThat(info.remoteAddress()).isEqualTo("forward_to_b");
    // echo is a default consumer of B's outgoing connections; hidden is not
    assertThat(ask(c, tcp(relay, "forward_to_b", "echo"))).containsExactly(1);
    assertThatThrownBy(() -> ask(c, tcp(relay, "forward_to_b", "hidden"))).hasMessageContaining("no message arrived");
    assertThat(hidden.received.get()).isZero();
    TcpTransport.of(b).addOutgoingConsumer(Address.local("hidden"));
    assertThat(new String(ask(c, tcp(relay, "forward_to_b", "hidden")), StandardCharsets.UTF_8)).isEqualTo("got it");
  }

  @Test
  void flowsOfClosedConnectionsAreForgotten(Vertx vertx) throws Exception {
    Node a = node(vertx, "a", false);
    Node b = node(vertx, "b", true);
    Address echo = Address.local("echo");
    int before = a.flowControls().consumedBy(echo).size();
    TcpTransport tcp = TcpTransport.of(a);
    for (int i = 0; i < 20; i++) {
      TcpConnectionInfo conn = await(tcp.connect(b.tcpListenerAddress()));
      assertThat(a.flowControls().isConsumer(echo, conn.flowControlId())).isTrue();
      assertThat(a.flowControls().findProducer(conn.senderAddress())).isPresent();
      await(tcp.disconnect(conn.senderAddress()));
      until("the connection's receiver and its flow are gone", () -> !a.isRegistered(conn.receiverAddress())
        && a.flowControls().findProducer(conn.senderAddress()).isEmpty(), Duration.ofSeconds(5));
      assertThat(a.flowControls().findProducer(conn.senderAddress())).isEmpty();
      assertThat(a.flowControls().isConsumer(echo, conn.flowControlId())).isFalse();
    }
    assertThat(a.flowControls().consumedBy(echo)).hasSize(before);
  }
}
