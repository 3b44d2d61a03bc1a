package io.ockamj.verticles.portal;

import io.ockamj.node.Node;
import io.ockamj.node.NodeContext;
import io.ockamj.node.NodeException;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.Routed;
import io.ockamj.node.WorkerInfo;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.PortalMessage;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.BlockedThreadGuard;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What happens when things go wrong: refused targets, busy ports, dead routes, bad portal messages. */
@ExtendWith({VertxExtension.class, BlockedThreadGuard.class})
class PortalErrorsIT extends PortalTestSupport {

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void echo(Socket c, String text) throws Exception {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    c.getOutputStream().write(b);
    assertThat(new String(readExactly(c.getInputStream(), b.length), StandardCharsets.UTF_8)).isEqualTo(text);
  }

  @Test
  void refusedTargetClosesTheClientPromptlyAndLogsOneLine(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    int dead = freePort();
    await(portals(b).createOutlet("outlet", "127.0.0.1:" + dead, overTcp(b)));
    String inlet = await(portals(a).createInlet("127.0.0.1:0", Route.of(tcp(b), Address.local("outlet")), new InletOptions())).bindAddress();
    try (LogCapture log = new LogCapture(PortalsImpl.class)) {
      Socket c = client(inlet);
      long ms = awaitClosedByPeer(c, 3000);
      assertThat(ms).as("closed promptly, not after the Pong timeout").isLessThan(3000);
      until("one warning", () -> log.count(Level.WARNING, "cannot connect to target") == 1, Duration.ofSeconds(2));
      assertThat(log.records).filteredOn(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).hasSize(1)
        .first().satisfies(r -> assertThat(r.getMessage()).contains("outlet outlet").contains("127.0.0.1:" + dead));
    }
    until("no portal worker left", () -> portalWorkers(a).isEmpty() && portalWorkers(b).isEmpty(), Duration.ofSeconds(2));
  }

  @Test
  void targetResetClosesTheClient(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    // a target that accepts, reads one byte, then resets (SO_LINGER 0)
    ServerSocket rude = new ServerSocket(0);
    Thread t = new Thread(() -> {
      try (rude) {
        Socket s = rude.accept();
        assertThat(s.getInputStream().read()).isEqualTo('x');
        s.setSoLinger(true, 0);
        s.close();
      } catch (Exception ignored) {
        // test over
      }
    });
    t.start();
    await(portals(b).createOutlet("outlet", "127.0.0.1:" + rude.getLocalPort(), overTcp(b)));
    String inlet = await(portals(a).createInlet("127.0.0.1:0", Route.of(tcp(b), Address.local("outlet")), new InletOptions())).bindAddress();
    Socket c = client(inlet);
    c.getOutputStream().write('x');
    assertThat(awaitClosedByPeer(c, 3000)).isLessThan(3000);
    t.join(5000);
    until("both ends stopped", () -> portalWorkers(a).isEmpty() && portalWorkers(b).isEmpty(), Duration.ofSeconds(3));
  }

  @Test
  void inletPortInUseFailsClearly(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    NetServer busy = vertx.createNetServer().connectHandler(s -> { });
    await(busy.listen(0, "127.0.0.1"));
    servers.add(busy);
    String bind = "127.0.0.1:" + busy.actualPort();
    assertThatThrownBy(() -> await(portals(a).createInlet(bind, Route.of("outlet"), new InletOptions())))
      .isInstanceOf(NodeException.class)
      .satisfies(e -> {
        assertThat(((NodeException) e).kind()).isEqualTo(NodeException.Kind.ALREADY_EXISTS);
        assertThat(e.getMessage()).contains("cannot start an inlet on " + bind).containsIgnoringCase("in use");
      });
    assertThat(portals.get(0).inlets()).isEmpty();
    // and a malformed address
    assertThatThrownBy(() -> await(portals.get(0).createInlet("127.0.0.1:http", Route.of("outlet"), new InletOptions())))
      .isInstanceOf(NodeException.class).hasMessageContaining("invalid TCP address");
  }

  private static void assertInUse(Future<?> f, String... contains) {
    assertThatThrownBy(() -> await(f)).isInstanceOf(NodeException.class)
      .satisfies(e -> assertThat(((NodeException) e).kind()).isEqualTo(NodeException.Kind.ALREADY_EXISTS))
      .satisfies(e -> assertThat(e.getMessage()).contains(contains).doesNotContain("\n"));
  }

  /**
   * Vert.x joins servers of one Vert.x instance that listen on the same host:port and hands them
   * connections in turn; a second inlet there (or one on a node's listener port) must be refused.
   */
  @Test
  void anAddressHeldInThisProcessIsRefused(Vertx vertx) throws Exception {
    int listenerPort = freePort();
    Node a = await(Node.create(vertx, new NodeOptions().setName("a").setTcpListenerAddress("127.0.0.1:" + listenerPort)));
    nodes.add(a);
    Node b = node(vertx, "b");
    int echo = echoServer(vertx);
    await(portals(b).createOutlet("outlet", "127.0.0.1:" + echo, overTcp(b)));
    Route route = Route.of(tcp(b), Address.local("outlet"));
    Portals pa = portals(a);
    String bind = "127.0.0.1:" + freePort();
    assertThat(await(pa.createInlet(bind, route, new InletOptions())).bindAddress()).isEqualTo(bind);

    assertInUse(pa.createInlet(bind, route, new InletOptions()),
      "cannot start an inlet on " + bind + ": address " + bind + " is already in use by a TCP inlet of node a");
    assertInUse(portals(b).createInlet(bind, route, new InletOptions()), "address " + bind + " is already in use by a TCP inlet of node a");
    assertInUse(pa.createInlet(a.tcpListenerAddress(), route, new InletOptions()),
      "cannot start an inlet on " + a.tcpListenerAddress() + ": address " + a.tcpListenerAddress()
        + " is already in use by the TCP listener of node a");
    assertInUse(TcpTransport.of(b).listen(bind), "cannot listen on " + bind, "a TCP inlet of node a");
    assertInUse(TcpTransport.of(b).listen(a.tcpListenerAddress()), "the TCP listener of node a");
    // a server of the application's own, in the same Vert.x instance
    int appPort = freePort();
    NetServer app = await(vertx.createNetServer().connectHandler(s -> s.close()).listen(appPort, "127.0.0.1"));
    servers.add(app);
    assertInUse(pa.createInlet("127.0.0.1:" + appPort, route, new InletOptions()), "already in use by another server in this process");
    assertThat(pa.inlets()).extracting(Inlet::bindAddress).containsExactly(bind);

    // every connection reaches the one inlet, and through it the outlet
    for (int i = 0; i < 6; i++) {
      Socket c = client(bind);
      echo(c, "hello " + i);
    }
    // the listener still speaks Ockam to every connection: a message to echo through it comes back
    for (int i = 0; i < 4; i++) {
      Routed r = await(b.context().sendAndReceive(Route.of(tcp(a), Address.local("echo")), ("m" + i).getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(10)));
      assertThat(new String(r.payload(), StandardCharsets.UTF_8)).isEqualTo("m" + i);
    }

    // once the inlet is deleted, its address is free again
    await(pa.deleteInlet(bind));
    assertThat(await(pa.createInlet(bind, route, new InletOptions())).bindAddress()).isEqualTo(bind);
    echo(client(bind), "again");
    await(pa.deleteInlet(bind));

    // two at once on one free address: one wins
    String racy = "127.0.0.1:" + freePort();
    List<Future<Inlet>> both = List.of(pa.createInlet(racy, route, new InletOptions()), portals(b).createInlet(racy, route,
      new InletOptions()));
    await(Future.join(both).otherwiseEmpty());
    assertThat(both.stream().filter(Future::succeeded)).hasSize(1);
  }

  @Test
  void outletAddressTakenFails(Vertx vertx) throws Exception {
    Node b = node(vertx, "b");
    await(portals(b).createOutlet("outlet", "127.0.0.1:1", overTcp(b)));
    assertThatThrownBy(() -> await(portals.get(0).createOutlet("outlet", "127.0.0.1:2", new OutletOptions())))
      .isInstanceOf(NodeException.class)
      .satisfies(e -> assertThat(((NodeException) e).kind()).isEqualTo(NodeException.Kind.ALREADY_EXISTS));
    assertThat(portals.get(0).outlets()).extracting(Outlet::target).containsExactly("127.0.0.1:1");
  }

  @Test
  void routeToNowhereClosesTheClientAfterThePongTimeout(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    // B exists but has no outlet: the Ping is dropped there
    String inlet = await(portals(a).createInlet("127.0.0.1:0", Route.of(tcp(b), Address.local("no-outlet")),
      new InletOptions().setPongTimeoutMs(400))).bindAddress();
    try (LogCapture log = new LogCapture(PortalConnection.class)) {
      Socket c = client(inlet);
      long ms = awaitClosedByPeer(c, 5000);
      assertThat(ms).isBetween(300L, 3000L);
      assertThat(log.count(Level.WARNING, "no Pong")).isEqualTo(1);
    }
    // a first hop that does not exist in this node fails at once
    String local = await(portals.get(0).createInlet("127.0.0.1:0", Route.of("missing", "outlet"),
      new InletOptions().setPongTimeoutMs(10_000))).bindAddress();
    Socket c2 = client(local);
    assertThat(awaitClosedByPeer(c2, 3000)).isLessThan(3000);
    until("no portal worker left", () -> portalWorkers(a).isEmpty(), Duration.ofSeconds(2));
  }

  @Test
  void payloadBeforePingIsDroppedAndTheOutletKeepsWorking(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    int echo = echoServer(vertx);
    await(portals(b).createOutlet("outlet", "127.0.0.1:" + echo, overTcp(b)));
    String inlet = await(portals(a).createInlet("127.0.0.1:0", Route.of(tcp(b), Address.local("outlet")), new InletOptions())).bindAddress();
    try (LogCapture log = new LogCapture(PortalsImpl.class)) {
      NodeContext ctx = a.context();
      Route toOutlet = Route.of(tcp(b), Address.local("outlet"));
      // a Payload where a Ping is expected: dropped, and the sender is told Disconnect
      await(ctx.send(toOutlet, PortalMessage.Payload.of("sneaky".getBytes(StandardCharsets.UTF_8)).encode()));
      Routed reply = await(ctx.receive(Duration.ofSeconds(5)));
      assertThat(PortalMessage.decode(reply.payload())).isEqualTo(PortalMessage.DISCONNECT);
      // garbage and a Disconnect: dropped without an answer
      await(ctx.send(toOutlet, new byte[] {9, 9, 9}));
      await(ctx.send(toOutlet, PortalMessage.DISCONNECT.encode()));
      until("three warnings", () -> log.count(Level.WARNING, "outlet outlet") == 3, Duration.ofSeconds(3));
      assertThatThrownBy(() -> await(ctx.receive(Duration.ofMillis(300)))).isInstanceOf(NodeException.class);
      await(ctx.close());
    }
    assertThat(portalWorkers(b)).isEmpty();
    echo(client(inlet), "still works");
  }

  @Test
  void undecodableMessageDropsOnlyThatConnection(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    int echo = echoServer(vertx);
    await(portals(b).createOutlet("outlet", "127.0.0.1:" + echo, overTcp(b)));
    String inlet = await(portals(a).createInlet("127.0.0.1:0", Route.of(tcp(b), Address.local("outlet")), new InletOptions())).bindAddress();
    Socket victim = client(inlet);
    echo(victim, "one");
    Socket bystander = client(inlet);
    echo(bystander, "two");
    // the outlet-side worker of a third connection is the one that appears when it opens
    List<WorkerInfo> before = portalWorkers(b);
    assertThat(before).hasSize(2);
    Socket third = client(inlet);
    echo(third, "three");
    WorkerInfo thirdWorker = portalWorkers(b).stream()
      .filter(w -> before.stream().noneMatch(x -> x.primaryAddress().equals(w.primaryAddress()))).findFirst().orElseThrow();
    Address senderRemote = thirdWorker.addresses().get(1);
    try (LogCapture log = new LogCapture(PortalConnection.class)) {
      NodeContext ctx = b.context();
      await(ctx.send(Route.of(senderRemote), new byte[] {7, 1, 2}));
      assertThat(awaitClosedByPeer(third, 3000)).isLessThan(3000);
      until("one warning", () -> log.count(Level.WARNING, "undecodable portal message") == 1, Duration.ofSeconds(2));
      await(ctx.close());
    }
    echo(victim, "one still works");
    echo(bystander, "two still works");
    until("only the dropped connection's worker stopped", () -> portalWorkers(b).size() == 2, Duration.ofSeconds(2));
  }

  @Test
  void deletingTheOutletDisconnectsItsClients(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    int echo = echoServer(vertx);
    await(portals(b).createOutlet("outlet", "127.0.0.1:" + echo, overTcp(b)));
    String inlet = await(portals(a).createInlet("127.0.0.1:0", Route.of(tcp(b), Address.local("outlet")), new InletOptions())).bindAddress();
    Socket c = client(inlet);
    echo(c, "x");
    await(portals.get(0).deleteOutlet("outlet"));
    assertThat(awaitClosedByPeer(c, 3000)).isLessThan(3000);
    assertThatThrownBy(() -> await(portals.get(0).deleteOutlet("outlet"))).isInstanceOf(NodeException.class);
    // the inlet is still there, but new clients find no outlet: the Ping is dropped, the Pong never comes
    await(portals.get(1).deleteInlet(inlet));
    assertThat(portals.get(1).inlets()).isEmpty();
    // Vert.x 5.0's NetServer.close() completes about 1.3 ms before the kernel stops accepting on
    // the port (measured: exactly one connect gets through in about 6 % of closes, then refusals);
    // a connection in that window is closed at once by the closing inlet
    until("the deleted inlet's port refuses connections", () -> {
      try (Socket late = new Socket("127.0.0.1", Integer.parseInt(inlet.substring(inlet.lastIndexOf(':') + 1)))) {
        return false;
      } catch (java.io.IOException refused) {
        return refused instanceof java.net.ConnectException;
      }
    }, Duration.ofSeconds(2));
  }
}
