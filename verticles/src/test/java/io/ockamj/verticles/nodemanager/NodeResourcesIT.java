package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.api.Method;
import io.ockamj.protocol.api.Status;
import io.ockamj.store.NodeRecord;
import io.ockamj.store.Store;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.portal.Outlet;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.PortalProbe.eventuallyEchoes;
import static io.ockamj.testing.PortalProbe.roundTrip;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code /node/outlet}, {@code /node/inlet} and {@code /node/relay} API paths, used by an
 * administrator over a secure channel: a relay node, an outlet node that registers a relay and an
 * inlet node whose inlet goes through the relay; storage and restore after the outlet node restarts.
 */
@ExtendWith(VertxExtension.class)
class NodeResourcesIT {

  private static final Duration API = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  private Vertx vertx;
  private Store store;
  private final List<Node> nodes = new ArrayList<>();
  private Node client;
  private ChannelIdentity admin;
  private NetServer echo;

  private record Running(Node node, NodeManager manager, NodeManagerClient api, Identifier identifier) {
    PortalApi portals() {
      return new PortalApi(api);
    }

    RelayApi relayApi() {
      return new RelayApi(api);
    }
  }

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    this.vertx = vertx;
    store = await(Store.open(vertx, dir.resolve("database.sqlite3")));
    client = await(Node.create(vertx, new NodeOptions().setName("client").setBuiltinServices(false)));
    nodes.add(client);
    admin = await(vertx.executeBlocking(ChannelIdentity::generate));
    echo = await(vertx.createNetServer().connectHandler(s -> s.handler(s::write)).listen(0, "127.0.0.1"));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Node n : nodes) {
      await(n.close().otherwiseEmpty());
    }
    await(echo.close());
    await(store.close());
  }

  /** A node with a listener, stored, with a node manager on the store, and an admin client. */
  private Running start(String name, ChannelIdentity identity) throws Exception {
    Node n = await(Node.create(vertx, new NodeOptions().setName(name).setTcpListenerAddress("127.0.0.1:0")));
    nodes.add(n);
    await(store.nodes().store(NodeRecord.of(name, identity.identity().identifier().toString())
      .withTcpListenerAddress(n.tcpListenerAddress())));
    SecureChannels channels = SecureChannels.create(n, identity);
    NodeManager m = await(NodeManager.start(n, channels, new NodeManagerOptions().addAdmin(admin.identity().identifier())
      .setStore(store)));
    await(m.createSecureChannelListener(SecureChannels.DEFAULT_LISTENER, List.of()));
    NodeManagerClient api = await(NodeManagerClient.connect(client, SecureChannels.create(client, admin), n.tcpListenerAddress(),
      SecureChannels.DEFAULT_LISTENER, identity.identity().identifier(), API));
    return new Running(n, m, api, identity.identity().identifier());
  }

  private static Status status(Exception e) {
    assertThat(e).isInstanceOf(NodeManagerException.class);
    return ((NodeManagerException) e).status();
  }

  private static Status failure(Future<?> f) {
    try {
      await(f);
    } catch (Exception e) {
      return status(e);
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void outletRelayAndInletThroughTheApiStoredAndRestored() throws Exception {
    ChannelIdentity relayId = await(vertx.executeBlocking(ChannelIdentity::generate));
    ChannelIdentity outletId = await(vertx.executeBlocking(ChannelIdentity::generate));
    ChannelIdentity inletId = await(vertx.executeBlocking(ChannelIdentity::generate));
    start("relay", relayId);
    Running outlet = start("outlet-node", outletId);
    Running inlet = start("inlet-node", inletId);
    String target = "127.0.0.1:" + echo.actualPort();

    // outlet
    Outlet o = await(outlet.portals().createOutlet(null, target));
    assertThat(o).isEqualTo(new Outlet("outlet", target, 0));
    assertThat(await(outlet.portals().outlets())).containsExactly(o);
    assertThat(await(outlet.portals().outlet("outlet"))).isEqualTo(o);
    assertThat(failure(outlet.portals().createOutlet(null, target))).isEqualTo(Status.CONFLICT);
    assertThat(failure(outlet.portals().outlet("nope"))).isEqualTo(Status.NOT_FOUND);
    assertThat(failure(outlet.portals().createOutlet("bad", "not a target"))).isEqualTo(Status.BAD_REQUEST);

    // relay
    RelayStatus relay = await(outlet.relayApi().createRelay("outlet-node", MultiAddr.parse("/node/relay"), API));
    assertThat(relay.state()).isEqualTo("UP");
    assertThat(relay.remoteAddress()).isEqualTo("forward_to_outlet-node");
    assertThat(relay.at()).isEqualTo("/node/relay");
    assertThat(await(outlet.relayApi().relays())).extracting(RelayStatus::name).containsExactly("outlet-node");
    assertThat(failure(outlet.relayApi().createRelay("outlet-node", MultiAddr.parse("/node/relay"), API))).isEqualTo(Status.CONFLICT);
    assertThat(failure(outlet.relayApi().createRelay("x", MultiAddr.parse("/node/nope"), API))).isEqualTo(Status.NOT_FOUND);
    assertThat(await(outlet.api().request(Method.POST, "/node/relay", Map.of("name", "x", "at", "/bogus"))).status())
      .isEqualTo(Status.BAD_REQUEST);

    // inlet through the relay, trusting only the outlet node
    MultiAddr route = MultiAddr.parse("/node/relay/service/forward_to_outlet-node/secure/api/service/outlet");
    long t0 = System.nanoTime();
    InletStatus in = await(inlet.portals().createInlet("web", "127.0.0.1:0", route, List.of(outlet.identifier()), API));
    System.out.println("inlet through the relay up in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    assertThat(in.state()).isEqualTo("UP");
    assertThat(in.bindAddress()).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:0");
    assertThat(in.outletRoute()).isEqualTo(route.toString());
    assertThat(in.authorized()).containsExactly(outlet.identifier().toString());
    assertThat(roundTrip(in.bindAddress(), "hello through the relay")).isEqualTo("hello through the relay");
    assertThat(await(inlet.portals().inlets())).extracting(InletStatus::alias).containsExactly("web");
    assertThat(await(inlet.portals().inlet("web")).bindAddress()).isEqualTo(in.bindAddress());

    // bad inlets: alias taken, port taken, unknown node, wrong identity, malformed route
    assertThat(failure(inlet.portals().createInlet("web", null, route, List.of(), API))).isEqualTo(Status.CONFLICT);
    assertThat(failure(inlet.portals().createInlet("other", in.bindAddress(), route, List.of(), API))).isEqualTo(Status.CONFLICT);
    assertThat(failure(inlet.portals().createInlet("other", null, MultiAddr.parse("/node/nope/service/outlet"), List.of(), API)))
      .isEqualTo(Status.NOT_FOUND);
    assertThat(failure(inlet.portals().createInlet("other", null, route, List.of(inlet.identifier()), API)))
      .isIn(Status.FORBIDDEN, Status.TIMEOUT);
    assertThat(await(inlet.api().request(Method.POST, "/node/inlet", Map.of("to", "/nonsense/x"))).status())
      .isEqualTo(Status.BAD_REQUEST);
    assertThat(await(inlet.portals().inlets())).extracting(InletStatus::alias).containsExactly("web");

    // stored
    assertThat(await(store.tcpOutlets().list("outlet-node"))).hasSize(1);
    assertThat(await(store.relays().list("outlet-node"))).singleElement()
      .satisfies(r -> assertThat(r.remoteAddress()).isEqualTo("forward_to_outlet-node"));
    assertThat(await(store.tcpInlets().list("inlet-node"))).singleElement()
      .satisfies(r -> assertThat(r.bindAddress()).isEqualTo(in.bindAddress()));

    // the outlet node goes away and comes back with what it stored; the inlet recovers by itself
    await(outlet.node().close());
    Node again = await(Node.create(vertx, new NodeOptions().setName("outlet-node")));
    nodes.add(again);
    NodeManager m2 = await(NodeManager.start(again, SecureChannels.create(again, outletId),
      new NodeManagerOptions().addAdmin(admin.identity().identifier()).setStore(store)));
    await(m2.createSecureChannelListener(SecureChannels.DEFAULT_LISTENER, List.of()));
    assertThat(await(m2.resources().restore())).isEqualTo(2);
    assertThat(m2.resources().outlets()).extracting(Outlet::address).containsExactly("outlet");
    t0 = System.nanoTime();
    eventuallyEchoes(in.bindAddress(), 20_000);
    System.out.println("inlet recovered " + (System.nanoTime() - t0) / 1_000_000 + " ms after the outlet node restarted");
    assertThat(await(inlet.portals().inlet("web")).state()).isEqualTo("UP");
    assertThat(m2.resources().relays()).singleElement().satisfies(r -> assertThat(r.state()).isEqualTo("UP"));

    // delete: gone from the node and from the store
    await(inlet.portals().deleteInlet("web"));
    assertThat(await(inlet.portals().inlets())).isEmpty();
    assertThat(await(store.tcpInlets().list("inlet-node"))).isEmpty();
    assertThatThrownBy(() -> roundTrip(in.bindAddress(), "x")).isInstanceOf(java.io.IOException.class);
    assertThat(failure(inlet.portals().deleteInlet("web"))).isEqualTo(Status.NOT_FOUND);
    await(m2.resources().deleteRelay("outlet-node"));
    await(m2.resources().deleteOutlet("outlet"));
    assertThat(await(store.relays().list("outlet-node"))).isEmpty();
    assertThat(await(store.tcpOutlets().list("outlet-node"))).isEmpty();
  }

  @Test
  void aPlainTcpPortalWorksAndAnInletIsUpOnlyOnceItsOutletAnswers() throws Exception {
    ChannelIdentity id = await(vertx.executeBlocking(ChannelIdentity::generate));
    Running outlet = start("outlet-node", id);
    await(outlet.portals().createOutlet("o1", "127.0.0.1:" + echo.actualPort()));
    Running inlet = start("inlet-node", await(vertx.executeBlocking(ChannelIdentity::generate)));
    String port = outlet.node().tcpListenerAddress().split(":")[1];
    // a node without an authority: its outlets take plain TCP from its listener's peers, as Rust 0.139's
    InletStatus plain = await(inlet.portals().createInlet("plain", null, MultiAddr.parse("/ip4/127.0.0.1/tcp/" + port + "/service/o1"),
      List.of(), API));
    assertThat(plain.state()).isEqualTo("UP");
    assertThat(plain.reason()).isNull();
    assertThat(roundTrip(plain.bindAddress(), "plain")).isEqualTo("plain");
    InletStatus secure = await(inlet.portals().createInlet("secure", null,
      MultiAddr.parse("/ip4/127.0.0.1/tcp/" + port + "/secure/api/service/o1"), List.of(), API));
    assertThat(roundTrip(secure.bindAddress(), "fine")).isEqualTo("fine");

    // no outlet at the end of a route whose hops all work: not UP, and the reason says so
    MultiAddr toO2 = MultiAddr.parse("/ip4/127.0.0.1/tcp/" + port + "/service/o2");
    assertThat(failure(inlet.portals().createInlet("waits", null, toO2, List.of(), java.time.Duration.ofSeconds(1))))
      .isEqualTo(Status.TIMEOUT);
    // without waiting (Rust's --no-connection-wait): created DOWN, and it keeps trying
    InletStatus early = await(inlet.portals().createInlet("early", null, toO2, List.of(), java.time.Duration.ofSeconds(1), false));
    assertThat(early.state()).isEqualTo("DOWN");
    // DOWN from the start (as Rust's); the reason tells once the first attempt failed
    until("the first attempt failed", () -> await(inlet.portals().inlet("early")).reason().contains("did not answer"),
      java.time.Duration.ofSeconds(20));
    InletStatus down = await(inlet.portals().inlet("early"));
    assertThat(down.reason()).contains("did not answer").contains("/service/o2");
    await(outlet.portals().createOutlet("o2", "127.0.0.1:" + echo.actualPort()));
    until("the inlet is UP once the outlet exists", () -> "UP".equals(await(inlet.portals().inlet("early")).state()),
      java.time.Duration.ofSeconds(20));
    InletStatus up = await(inlet.portals().inlet("early"));
    assertThat(roundTrip(up.bindAddress(), "late outlet")).isEqualTo("late outlet");
  }
}
