package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.DropReason;
import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.WorkerInfo;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannels;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.until;
import static io.ockamj.testing.PortalProbe.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An inlet of the node manager reports its address when it is created, whether or not its outlet
 * answers yet, and binds it once the outlet answers (as Rust 0.139); the probe that checks the outlet
 * before the inlet is UP leaves nothing behind on the outlet's node.
 */
@ExtendWith(VertxExtension.class)
class InletBindIT {

  private static final Duration API = Duration.ofSeconds(20);
  private static final Duration WAIT = Duration.ofSeconds(20);

  private Vertx vertx;
  private final List<Node> nodes = new ArrayList<>();
  private Node client;
  private ChannelIdentity admin;
  private NetServer target;
  /** Connections the target accepted, and those of them still open. */
  private final AtomicInteger accepted = new AtomicInteger();
  private final Queue<NetSocket> open = new ConcurrentLinkedQueue<>();

  private record Running(Node node, PortalApi portals) {
  }

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    this.vertx = vertx;
    client = await(Node.create(vertx, new NodeOptions().setName("client").setBuiltinServices(false)));
    nodes.add(client);
    admin = await(vertx.executeBlocking(ChannelIdentity::generate));
    // an echo target that keeps its connections open until the portal closes them
    target = await(vertx.createNetServer().connectHandler(s -> {
      accepted.incrementAndGet();
      open.add(s);
      s.closeHandler(v -> open.remove(s));
      s.handler(s::write);
    }).listen(0, "127.0.0.1"));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Node n : nodes) {
      await(n.close().otherwiseEmpty());
    }
    await(target.close());
  }

  private Running start(String name) throws Exception {
    ChannelIdentity identity = await(vertx.executeBlocking(ChannelIdentity::generate));
    Node n = await(Node.create(vertx, new NodeOptions().setName(name).setTcpListenerAddress("127.0.0.1:0")));
    nodes.add(n);
    SecureChannels channels = SecureChannels.create(n, identity);
    NodeManager m = await(NodeManager.start(n, channels, new NodeManagerOptions().addAdmin(admin.identity().identifier())));
    await(m.createSecureChannelListener(SecureChannels.DEFAULT_LISTENER, List.of()));
    Identifier id = identity.identity().identifier();
    NodeManagerClient api = await(NodeManagerClient.connect(client, SecureChannels.create(client, admin), n.tcpListenerAddress(),
      SecureChannels.DEFAULT_LISTENER, id, API));
    return new Running(n, new PortalApi(api));
  }

  private static List<WorkerInfo> portalWorkers(Node n) {
    return n.listWorkers().stream().filter(w -> w.type().equals("PortalWorker")).toList();
  }

  private static int port(String hostPort) {
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }

  /** Asserts that nothing listens on the address: a connection is refused. */
  private static void assertRefused(String hostPort) {
    assertThatThrownBy(() -> {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port(hostPort)), 5000);
      }
    }).as("a client before the inlet's first connection").isInstanceOf(java.net.ConnectException.class);
  }

  @Test
  void anInletThatDoesNotWaitReportsItsPortAtOnceAndBindsItWhenItsOutletAnswers() throws Exception {
    Running outlet = start("outlet-node");
    Running inlet = start("inlet-node");
    String port = String.valueOf(port(outlet.node().tcpListenerAddress()));
    MultiAddr toO1 = MultiAddr.parse("/ip4/127.0.0.1/tcp/" + port + "/secure/api/service/o1");
    long t0 = System.nanoTime();
    InletStatus created = await(inlet.portals().createInlet("early", null, toO1, List.of(), Duration.ofSeconds(1), false));
    long createdMs = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("no-wait inlet answered in " + createdMs + " ms, bound to " + created.bindAddress());
    // the answer has the bound port, and nothing is connected yet: DOWN as Rust's
    assertThat(port(created.bindAddress())).isPositive();
    assertThat(created.state()).isEqualTo("DOWN");
    // as Rust's InletStatus before the first connection: no worker address, no route
    assertThat(created.workerAddress()).isNull();
    assertThat(created.route()).isNull();
    assertThat(await(inlet.portals().inlet("early")).bindAddress()).isEqualTo(created.bindAddress());
    assertThat(await(inlet.portals().inlets())).extracting(InletStatus::bindAddress).containsExactly(created.bindAddress());

    // as Rust's: the port is chosen but not bound before the first connection, a client is refused
    assertRefused(created.bindAddress());
    assertThat(accepted.get()).isZero();

    // the outlet appears: the same address carries data
    await(outlet.portals().createOutlet("o1", "127.0.0.1:" + target.actualPort()));
    until("the inlet is UP once the outlet exists", () -> "UP".equals(await(inlet.portals().inlet("early")).state()), WAIT);
    InletStatus up = await(inlet.portals().inlet("early"));
    assertThat(up.bindAddress()).isEqualTo(created.bindAddress());
    assertThat(up.reason()).isNull();
    assertThat(up.workerAddress()).isNotBlank();
    assertThat(up.route()).endsWith("0#o1");
    assertThat(roundTrip(up.bindAddress(), "late outlet")).isEqualTo("late outlet");

    // deleted: the port is free again
    await(inlet.portals().deleteInlet("early"));
    try (java.net.ServerSocket again = new java.net.ServerSocket()) {
      again.bind(new InetSocketAddress("127.0.0.1", port(created.bindAddress())));
    }
  }

  @Test
  void anInletThatCannotBindFailsAtOnceWhetherItWaitsOrNot() throws Exception {
    Running inlet = start("inlet-node");
    MultiAddr nowhere = MultiAddr.parse("/ip4/127.0.0.1/tcp/1/service/o1");
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      String bind = "127.0.0.1:" + taken.getLocalPort();
      assertThat(status(() -> await(inlet.portals().createInlet("a", bind, nowhere, List.of(), Duration.ofSeconds(1), false))))
        .isEqualTo(io.ockamj.protocol.api.Status.CONFLICT);
      assertThat(status(() -> await(inlet.portals().createInlet("b", bind, nowhere, List.of(), Duration.ofSeconds(1), true))))
        .isEqualTo(io.ockamj.protocol.api.Status.CONFLICT);
    }
    assertThat(await(inlet.portals().inlets())).isEmpty();
  }

  private interface Call {
    void run() throws Exception;
  }

  private static io.ockamj.protocol.api.Status status(Call call) {
    try {
      call.run();
    } catch (Exception e) {
      assertThat(e).isInstanceOf(NodeManagerException.class);
      return ((NodeManagerException) e).status();
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void theProbeOfTheOutletLeavesNoWorkerNorConnectionNorDropBehind() throws Exception {
    Running outlet = start("outlet-node");
    await(outlet.portals().createOutlet("o1", "127.0.0.1:" + target.actualPort()));
    Running inlet = start("inlet-node");
    String port = String.valueOf(port(outlet.node().tcpListenerAddress()));
    InletStatus up = await(inlet.portals().createInlet("web", null,
      MultiAddr.parse("/ip4/127.0.0.1/tcp/" + port + "/secure/api/service/o1"), List.of(), API));
    assertThat(up.state()).isEqualTo("UP");
    // the probe connected the outlet to its target once: that connection and its worker go away
    until("the target accepted the probe's connection", () -> accepted.get() == 1, WAIT);
    until("the probe's outlet worker is gone", () -> portalWorkers(outlet.node()).isEmpty(), WAIT);
    until("the probe's target connection is closed", open::isEmpty, WAIT);
    assertThat(outlet.node().drops().count(DropReason.NO_SUCH_ADDRESS)).isZero();
    assertThat(inlet.node().drops().count(DropReason.NO_SUCH_ADDRESS)).isZero();
    assertThat(roundTrip(up.bindAddress(), "after the probe")).isEqualTo("after the probe");
  }
}
