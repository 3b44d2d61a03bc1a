package io.ockamj.verticles.relay;

import io.ockamj.node.Node;
import io.ockamj.node.NodeContext;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.LocalMessage;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.bare.BareReader;
import io.ockamj.protocol.bare.BareWriter;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.transport.tcp.TcpConnectionInfo;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The relay service and remote relays between nodes over real TCP on 127.0.0.1. */
@ExtendWith(VertxExtension.class)
class RelayServiceIT {

  private final List<Node> nodes = new ArrayList<>();

  private Node node(Vertx vertx, String name, boolean listen) throws Exception {
    NodeOptions o = new NodeOptions().setName(name);
    if (listen) {
      o.setTcpListenerAddress("127.0.0.1:0");
    }
    Node n = await(Node.create(vertx, o));
    nodes.add(n);
    await(n.startWorker(WorkerOptions.of("whoami"), new WhoAmI(name)));
    // flow control: whoami answers TCP peers, channels, and what comes through relays of this node
    n.flowControls().addConsumer(Address.local("whoami"), n.tcpListenerFlowControlId());
    n.flowControls().addConsumer(Address.local("whoami"), n.secureChannelFlowControlId());
    TcpTransport.of(n).addOutgoingConsumer(Address.local("whoami"));
    return n;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (Node n : nodes) {
      await(n.close());
    }
  }

  /** Replies with the node's name. */
  record WhoAmI(String name) implements Worker {
    @Override
    public Future<Void> handleMessage(NodeContext c, Routed m) {
      return c.send(m.returnRoute(), name.getBytes(StandardCharsets.UTF_8), m.messageAddress());
    }
  }

  static Route tcp(Node n) {
    return Route.of(Address.tcp(n.tcpListenerAddress()));
  }

  static String ask(Node from, Route route) throws Exception {
    return new String(await(from.context().sendAndReceive(route, new byte[0], java.time.Duration.ofSeconds(10))).payload(),
      StandardCharsets.UTF_8);
  }

  private static boolean isSender(Node n, Address a) {
    return TcpTransport.of(n).connections().stream().map(TcpConnectionInfo::senderAddress).anyMatch(a::equals);
  }

  @Test
  void namedRelayCarriesMessagesToTheRegistrant(Vertx vertx) throws Exception {
    Node a = node(vertx, "a", true);
    Node b = node(vertx, "b", false);
    Node c = node(vertx, "c", false);

    RemoteRelayInfo info = await(RemoteRelays.create(b, tcp(a), "b", new RemoteRelayOptions()));
    assertThat(info.remoteAddress()).isEqualTo("forward_to_b");
    // the reply came over B's connection to A, from the relay
    assertThat(info.forwardingRoute().size()).isEqualTo(2);
    assertThat(isSender(b, info.forwardingRoute().next())).isTrue();
    assertThat(info.forwardingRoute().recipient()).isEqualTo(Address.local("forward_to_b"));
    assertThat(b.isRegistered(info.workerAddress())).isTrue();

    RelayInfo atA = RelayService.of(a).relay("b");
    assertThat(atA.address()).isEqualTo(Address.local("forward_to_b"));
    assertThat(atA.owner()).isNull();
    // the registrant's main_remote was dropped: one hop, A's sender on the connection from B
    assertThat(atA.forwardRoute().size()).isEqualTo(1);
    assertThat(isSender(a, atA.forwardRoute().next())).isTrue();

    Route viaRelay = tcp(a).append(Address.local("forward_to_b")).append(Address.local("echo"));
    Routed echo = await(c.context().sendAndReceive(viaRelay, "ping".getBytes(StandardCharsets.UTF_8)));
    assertThat(new String(echo.payload(), StandardCharsets.UTF_8)).isEqualTo("ping");
    // reply return route: C's sender to A, A's sender to B (the relay is not in it), B's echo
    assertThat(echo.returnRoute().size()).isEqualTo(3);
    assertThat(isSender(c, echo.returnRoute().get(0))).isTrue();
    assertThat(echo.returnRoute().get(1)).isEqualTo(atA.forwardRoute().next());
    assertThat(echo.returnRoute().get(2)).isEqualTo(Address.local("echo"));
    assertThat(ask(c, tcp(a).append(Address.local("forward_to_b")).append(Address.local("whoami")))).isEqualTo("b");
    assertThat(RelayService.of(a).relay("b").forwarded()).isEqualTo(2);
    // the static alias and the primary address are the same worker
    assertThat(a.listWorkers().stream().filter(w -> w.addresses().contains(Address.local("forwarding_service"))).findFirst().orElseThrow()
      .addresses()).contains(Address.local("static_forwarding_service"));

    await(RemoteRelays.close(b, info));
    assertThat(b.isRegistered(info.workerAddress())).isFalse();
  }

  @Test
  void ephemeralRelayGetsARandomName(Vertx vertx) throws Exception {
    Node a = node(vertx, "a", true);
    Node b = node(vertx, "b", false);
    Node c = node(vertx, "c", false);
    RemoteRelayInfo one = await(RemoteRelays.createEphemeral(b, tcp(a), new RemoteRelayOptions()));
    RemoteRelayInfo two = await(RemoteRelays.create(b, tcp(a), "register", new RemoteRelayOptions()));
    assertThat(one.remoteAddress()).matches("forward_to_[0-9a-f]{32}");
    assertThat(two.remoteAddress()).matches("forward_to_[0-9a-f]{32}").isNotEqualTo(one.remoteAddress());
    assertThat(ask(c, tcp(a).append(Address.local(one.remoteAddress())).append(Address.local("whoami")))).isEqualTo("b");
    assertThat(RelayService.of(a).relays()).hasSize(2);
  }

  @Test
  void registeringANameAgainReplacesItsRoute(Vertx vertx) throws Exception {
    Node a = node(vertx, "a", true);
    Node b1 = node(vertx, "b1", false);
    Node b2 = node(vertx, "b2", false);
    Node c = node(vertx, "c", false);
    Route toX = tcp(a).append(Address.local("forward_to_x")).append(Address.local("whoami"));

    await(RemoteRelays.create(b1, tcp(a), "x", new RemoteRelayOptions()));
    assertThat(ask(c, toX)).isEqualTo("b1");
    RemoteRelayInfo again = await(RemoteRelays.create(b2, tcp(a), "x", new RemoteRelayOptions()));
    assertThat(again.remoteAddress()).isEqualTo("forward_to_x");
    assertThat(ask(c, toX)).isEqualTo("b2");

    RelayService service = RelayService.of(a);
    assertThat(service.relays()).hasSize(1);
    assertThat(service.relay("x").registrations()).isEqualTo(2);
    assertThat(service.replacements()).isEqualTo(1);
    assertThat(a.listWorkers().stream().filter(w -> w.primaryAddress().equals(Address.local("forward_to_x")))).hasSize(1);
  }

  @Test
  void anotherIdentityCannotTakeANameOwnedThroughASecureChannel(Vertx vertx) throws Exception {
    Node a = node(vertx, "a", true);
    Node b = node(vertx, "b", false);
    Node s = node(vertx, "s", false);
    Node c = node(vertx, "c", false);
    SecureChannels ca = SecureChannels.create(a, await(vertx.executeBlocking(ChannelIdentity::generate)));
    SecureChannels cb = SecureChannels.create(b, await(vertx.executeBlocking(ChannelIdentity::generate)));
    SecureChannels cs = SecureChannels.create(s, await(vertx.executeBlocking(ChannelIdentity::generate)));
    await(ca.createListener("api", new SecureChannelOptions()));
    Route toApi = tcp(a).append(Address.local("api"));
    Route toB = tcp(a).append(Address.local("forward_to_b")).append(Address.local("whoami"));
    RelayService service = RelayService.of(a);

    SecureChannel bToA = await(cb.createSecureChannel(toApi, new SecureChannelOptions()));
    RemoteRelayInfo info = await(RemoteRelays.create(b, Route.of(bToA.encryptor()), "b", new RemoteRelayOptions()));
    assertThat(info.forwardingRoute()).isEqualTo(Route.of(bToA.encryptor(), Address.local("forward_to_b")));
    // what arrives through the relay is traffic of the channel B registered it through (§3.6)
    b.flowControls().addConsumer(Address.local("whoami"), bToA.flowControlId());
    assertThat(service.relay("b").owner()).isEqualTo(cb.identity().identity().identifier().toString());
    assertThat(ask(c, toB)).isEqualTo("b");

    // another identity, through its own channel: refused, no reply, B keeps the name
    SecureChannel sToA = await(cs.createSecureChannel(toApi, new SecureChannelOptions()));
    RemoteRelayOptions quick = new RemoteRelayOptions().setTimeoutMs(700);
    assertThatThrownBy(() -> await(RemoteRelays.create(s, Route.of(sToA.encryptor()), "b", quick)))
      .isInstanceOf(RelayException.class)
      .satisfies(e -> assertThat(((RelayException) e).reason()).isEqualTo(RelayException.Reason.TIMEOUT));
    // (a named registration is sent again until its deadline: refused each time)
    long refused = service.refusals();
    assertThat(refused).isGreaterThanOrEqualTo(1);
    // nobody, over plain TCP: refused as well
    assertThatThrownBy(() -> await(RemoteRelays.create(s, tcp(a), "b", quick))).isInstanceOf(RelayException.class);
    assertThat(service.refusals()).isGreaterThan(refused);
    assertThat(ask(c, toB)).isEqualTo("b");
    // the failed registrations left no worker behind
    assertThat(s.listWorkers().stream().filter(w -> w.type().equals("RemoteRelayWorker"))).isEmpty();

    // the owner, through a new channel: the route is replaced
    SecureChannel bToA2 = await(cb.createSecureChannel(toApi, new SecureChannelOptions()));
    RemoteRelayInfo again = await(RemoteRelays.create(b, Route.of(bToA2.encryptor()), "b", new RemoteRelayOptions()));
    assertThat(again.forwardingRoute().next()).isEqualTo(bToA2.encryptor());
    b.flowControls().addConsumer(Address.local("whoami"), bToA2.flowControlId());
    assertThat(service.relay("b").registrations()).isEqualTo(2);
    await(cb.close(bToA.encryptor()));
    assertThat(ask(c, toB)).isEqualTo("b");
  }

  @Test
  void relayIsRemovedWhenItsConnectionCloses(Vertx vertx) throws Exception {
    Node a = node(vertx, "a", true);
    Node b = node(vertx, "b", false);
    Node c = node(vertx, "c", false);
    RemoteRelayInfo info = await(RemoteRelays.create(b, tcp(a), "b", new RemoteRelayOptions()));
    assertThat(a.isRegistered(Address.local("forward_to_b"))).isTrue();

    long t0 = System.currentTimeMillis();
    await(TcpTransport.of(b).disconnect(info.forwardingRoute().next()));
    until("A removed the relay forward_to_b", () -> !a.isRegistered(Address.local("forward_to_b")), Duration.ofSeconds(3));
    System.out.println("relay removed " + (System.currentTimeMillis() - t0) + " ms after its connection closed");
    assertThat(RelayService.of(a).removals()).isEqualTo(1);
    assertThat(RelayService.of(a).relays()).isEmpty();

    // the name is free again
    await(RemoteRelays.create(b, tcp(a), "b", new RemoteRelayOptions()));
    assertThat(ask(c, tcp(a).append(Address.local("forward_to_b")).append(Address.local("whoami")))).isEqualTo("b");
  }

  /** An Orchestrator-like relay service (§8.3): answers with the bare alias and keeps main_remote in the route. */
  static final class OrchestratorLikeService implements Worker {
    @Override
    public Future<Void> handleMessage(NodeContext c, Routed m) {
      String alias = BareReader.decodeString(m.payload(), 100);
      Address relay = Address.local("forward_to_" + alias);
      Route full = m.returnRoute();
      Worker forwarder = (rc, rm) -> {
        // like any relay, it links the two connections so that replies can flow back (§3.6)
        rc.node().flowControls().link(rm.returnRoute().next(), full.next());
        return rc.forward(rm.message().withOnwardRoute(rm.onwardRoute().step().prepend(full)), relay);
      };
      return c.startWorker(WorkerOptions.of(relay), forwarder)
        .compose(v -> c.forward(LocalMessage.of(full, Route.of(relay), BareWriter.encodeString(alias)), m.messageAddress()));
    }
  }

  @Test
  void orchestratorStyleRelayDeliversThroughMainRemote(Vertx vertx) throws Exception {
    Node a = node(vertx, "a", true);
    Node b = node(vertx, "b", false);
    Node c = node(vertx, "c", false);
    await(a.startWorker(WorkerOptions.of("orchestrator_relays"), new OrchestratorLikeService()));
    for (String service : List.of("orchestrator_relays", "forward_to_o", "liar")) {
      a.flowControls().addConsumer(Address.local(service), a.tcpListenerFlowControlId());
    }
    RemoteRelayInfo info = await(RemoteRelays.create(b, tcp(a), "o", new RemoteRelayOptions().setServiceAddress("orchestrator_relays")));
    assertThat(info.remoteAddress()).isEqualTo("forward_to_o");
    // main_remote handled the registration reply
    until("main_remote handled the registration reply", () -> handled(b, info.workerAddress()) == 1, Duration.ofSeconds(2));
    assertThat(ask(c, tcp(a).append(Address.local("forward_to_o")).append(Address.local("whoami")))).isEqualTo("b");
    // the message went through main_remote and out of main_internal
    until("main_remote handled the message too", () -> handled(b, info.workerAddress()) == 2, Duration.ofSeconds(2));

    // a reply that does not end with the requested name is rejected
    await(a.startWorker(WorkerOptions.of("liar"), (ctx, m) -> ctx.send(m.returnRoute(), BareWriter.encodeString("forward_to_someone_else"),
      m.messageAddress())));
    assertThatThrownBy(() -> await(RemoteRelays.create(b, tcp(a), "o", new RemoteRelayOptions().setServiceAddress("liar"))))
      .isInstanceOf(RelayException.class)
      .satisfies(e -> assertThat(((RelayException) e).reason()).isEqualTo(RelayException.Reason.INVALID_RESPONSE));
  }

  @Test
  void aLostRegistrationIsSentAgainWithinTheDeadline(Vertx vertx) throws Exception {
    Node a = node(vertx, "a", true);
    Node b = node(vertx, "b", false);
    java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    Worker real = new OrchestratorLikeService();
    // loses the first request, as a connection that closes under it or a restarting service would
    await(a.startWorker(WorkerOptions.of("lossy_relays"), (ctx, m) -> requests.incrementAndGet() == 1
      ? Future.succeededFuture() : real.handleMessage(ctx, m)));
    for (String service : List.of("lossy_relays", "forward_to_l")) {
      a.flowControls().addConsumer(Address.local(service), a.tcpListenerFlowControlId());
    }
    RemoteRelayInfo info = await(RemoteRelays.create(b, tcp(a), "l", new RemoteRelayOptions().setServiceAddress("lossy_relays")
      .setTimeoutMs(10_000)));
    assertThat(info.remoteAddress()).isEqualTo("forward_to_l");
    assertThat(requests.get()).isGreaterThanOrEqualTo(2);
    assertThat(ask(a, Route.of(Address.local("forward_to_l"), Address.local("whoami")))).isEqualTo("b");
  }

  private static long handled(Node n, Address a) {
    return n.listWorkers().stream().filter(w -> w.addresses().contains(a)).findFirst().orElseThrow().handled();
  }

  @Test
  void secureChannelThroughTheRelay(Vertx vertx) throws Exception {
    Node a = node(vertx, "a", true);
    Node b = node(vertx, "b", false);
    Node c = node(vertx, "c", false);
    SecureChannels cb = SecureChannels.create(b, await(vertx.executeBlocking(ChannelIdentity::generate)));
    SecureChannels cc = SecureChannels.create(c, await(vertx.executeBlocking(ChannelIdentity::generate)));
    await(cb.createListener("api", new SecureChannelOptions()));
    await(RemoteRelays.create(b, tcp(a), "b", new RemoteRelayOptions()));

    int port = Integer.parseInt(a.tcpListenerAddress().substring(a.tcpListenerAddress().lastIndexOf(':') + 1));
    MultiAddr addr = MultiAddr.parse("/ip4/127.0.0.1/tcp/" + port + "/service/forward_to_b/secure/api/service/echo");
    SecureChannels.SecureRoute r = await(cc.resolve(addr, new SecureChannelOptions()));
    assertThat(r.channels()).hasSize(1);
    assertThat(r.channels().get(0).peer()).isEqualTo(cb.identity().identity().identifier());
    Routed reply = await(c.context().sendAndReceive(r.route(), "through the relay".getBytes(StandardCharsets.UTF_8)));
    assertThat(new String(reply.payload(), StandardCharsets.UTF_8)).isEqualTo("through the relay");
    // only the first handshake message takes the relay: replies follow return routes, which go
    // straight through A's connections (the relay never adds itself to a return route)
    assertThat(RelayService.of(a).relay("b").forwarded()).isEqualTo(1);
  }

  @Test
  void registrationTimesOutWhenNoServiceAnswers(Vertx vertx) throws Exception {
    Node a = await(Node.create(vertx, new NodeOptions().setName("bare").setBuiltinServices(false).setTcpListenerAddress("127.0.0.1:0")));
    nodes.add(a);
    Node b = node(vertx, "b", false);
    long t0 = System.currentTimeMillis();
    assertThatThrownBy(() -> await(RemoteRelays.create(b, tcp(a), "b", new RemoteRelayOptions().setTimeoutMs(300))))
      .isInstanceOf(RelayException.class).hasMessageContaining("no reply");
    assertThat(System.currentTimeMillis() - t0).isLessThan(3000);
    assertThat(RelayService.of(a)).isNull();
    until("no RemoteRelayWorker left on B", () -> b.listWorkers().stream().noneMatch(w -> w.type().equals("RemoteRelayWorker")),
      Duration.ofSeconds(2));
    // a route that cannot be opened fails at once
    assertThatThrownBy(() -> await(RemoteRelays.create(b, Route.of(Address.local("nowhere")), "b", new RemoteRelayOptions())))
      .hasMessageContaining("nowhere");
  }

  @Test
  void relayForAWorkerInTheSameNode(Vertx vertx) throws Exception {
    Node a = node(vertx, "a", false);
    RemoteRelayInfo info = await(RemoteRelays.create(a, Route.empty(), "local", new RemoteRelayOptions()));
    assertThat(info.forwardingRoute()).isEqualTo(Route.of(Address.local("forward_to_local")));
    assertThat(RelayService.of(a).relay("local").forwardRoute().isEmpty()).isTrue();
    assertThat(ask(a, Route.of("forward_to_local", "whoami"))).isEqualTo("a");
  }
}
