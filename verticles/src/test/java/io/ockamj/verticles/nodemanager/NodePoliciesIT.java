package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.DropReason;
import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.policy.PolicyExpression;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.api.Status;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.store.IdentityAttributesRecord;
import io.ockamj.store.NodeRecord;
import io.ockamj.store.PolicyRecord;
import io.ockamj.store.Store;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannels;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.until;
import static io.ockamj.testing.PortalProbe.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ABAC in running nodes: an outlet whose policy admits role=db-client lets the db-client inlet node
 * through and refuses the web one at once (counted as {@link DropReason#DENIED_BY_POLICY}); a relay
 * whose policy requires an attribute refuses a node without attributes; the policy API.
 */
@ExtendWith(VertxExtension.class)
class NodePoliciesIT {

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

  private Running start(String name) throws Exception {
    ChannelIdentity identity = await(vertx.executeBlocking(ChannelIdentity::generate));
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

  /** What the authority would store after verifying a credential: the attributes of an identity. */
  private void attributes(Identifier who, String key, String value) {
    byte[] cbor = new CborWriter().map(1).bytes(key.getBytes(StandardCharsets.UTF_8))
      .bytes(value.getBytes(StandardCharsets.UTF_8)).toByteArray();
    await(store.identityAttributes().store(new IdentityAttributesRecord(who.toString(), cbor, Instant.now(), null, null)));
  }

  /** Connects to an inlet and says whether the portal echoes (true) or is closed on us (false). */
  private static boolean echoes(String bindAddress) throws Exception {
    String[] hp = bindAddress.split(":");
    try (Socket s = new Socket()) {
      try {
        s.connect(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), 5_000);
      } catch (java.net.ConnectException notListening) {
        return false;
      }
      s.setSoTimeout(10_000);
      try {
        s.getOutputStream().write('x');
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        return in.read() == 'x';
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the refused connection was not closed within 10 s", e);
      } catch (java.io.IOException closed) {
        return false;
      }
    }
  }

  private static Status status(io.vertx.core.Future<?> f) {
    try {
      await(f);
    } catch (Exception e) {
      assertThat(e).isInstanceOf(NodeManagerException.class);
      return ((NodeManagerException) e).status();
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  @SuppressWarnings("unchecked")
  void anOutletPolicyAdmitsTheDbClientAndRefusesTheWebNodeAtOnce() throws Exception {
    Running outlet = start("outlet-node");
    Running db = start("db-node");
    Running web = start("web-node");
    attributes(db.identifier(), "role", "db-client");
    attributes(web.identifier(), "role", "web");
    await(outlet.portals().createOutlet("outlet", "127.0.0.1:" + echo.actualPort(), "(= subject.role \"db-client\")"));
    MultiAddr route = MultiAddr.parse("/node/outlet-node/secure/api/service/outlet");

    InletStatus dbInlet = await(db.portals().createInlet("db", null, route, List.of(outlet.identifier()), API));
    assertThat(roundTrip(dbInlet.bindAddress(), "select 1")).isEqualTo("select 1");

    InletStatus webInlet = await(web.portals().createInlet("web", null, route, List.of(outlet.identifier()), API));
    assertThat(echoes(webInlet.bindAddress())).isFalse();
    until("the refusal is counted", () -> outlet.node().drops().count(DropReason.DENIED_BY_POLICY) > 0, API);
    long refused = outlet.node().drops().count(DropReason.DENIED_BY_POLICY);
    // the db client still gets through, and nothing of its traffic is refused
    assertThat(echoes(dbInlet.bindAddress())).isTrue();
    assertThat(outlet.node().drops().count(DropReason.DENIED_BY_POLICY)).isEqualTo(refused);

    // the policy as the API shows it, and why the web node was refused
    PolicyCodec.Resource res = new PolicyCodec.Resource(PolicyRecord.Target.RESOURCE, "outlet");
    assertThat(await(PolicyClient.of(outlet.api()).policy(res)).expression()).hasToString("(= subject.role \"db-client\")");
    Map<String, Object> why = await(PolicyClient.of(outlet.api()).explainPolicy("outlet", web.identifier().toString()));
    assertThat(why).containsEntry("allowed", false).containsEntry("source", "resource")
      .containsEntry("decided_by", "(= subject.role \"db-client\")");
    assertThat((Map<Object, Object>) why.get("attributes")).containsEntry("subject.role", "web")
      .containsEntry("subject.identifier", web.identifier().toString());

    // a policy created later applies to the running outlet: now the web node is let in too
    await(PolicyClient.of(outlet.api()).setPolicy(res, PolicyExpression.parse("role = \"db-client\" or role = \"web\"")));
    until("the web node gets through", () -> {
      try {
        return echoes(webInlet.bindAddress());
      } catch (Exception e) {
        return false;
      }
    }, API);
  }

  @Test
  void aRelayWithAPolicyRefusesANodeWithoutAttributes() throws Exception {
    Running relay = start("relay");
    Running outlet = start("outlet-node");
    Running inlet = start("inlet-node");
    await(outlet.portals().createOutlet("outlet", "127.0.0.1:" + echo.actualPort()));
    await(outlet.relayApi().createRelay("outlet-node", MultiAddr.parse("/node/relay"), API));
    PolicyCodec.Resource res = new PolicyCodec.Resource(PolicyRecord.Target.RESOURCE, "forward_to_outlet-node");
    await(PolicyClient.of(relay.api()).setPolicy(res, PolicyExpression.parse("(= subject.role \"db-client\")")));
    assertThat(await(PolicyClient.of(relay.api()).policies(null))).extracting(p -> p.resource().value()).containsExactly("forward_to_outlet-node");

    MultiAddr route = MultiAddr.parse("/node/relay/service/forward_to_outlet-node/secure/api/service/outlet");
    assertThat(status(inlet.portals().createInlet("i", null, route, List.of(outlet.identifier()), Duration.ofSeconds(3))))
      .isIn(Status.TIMEOUT, Status.FORBIDDEN, Status.INTERNAL_SERVER_ERROR);
    assertThat(relay.node().drops().count(DropReason.DENIED_BY_POLICY)).isPositive();

    // without the policy the same route works
    await(PolicyClient.of(relay.api()).deletePolicy(res));
    assertThat(await(PolicyClient.of(relay.api()).policies(null))).isEmpty();
    InletStatus in = await(inlet.portals().createInlet("i", null, route, List.of(outlet.identifier()), API));
    assertThat(roundTrip(in.bindAddress(), "hello")).isEqualTo("hello");
  }

  @Test
  void aListenerPolicyClosesChannelsOfRefusedPeersButAdmitsAdministrators() throws Exception {
    Running outlet = start("outlet-node");
    Running db = start("db-node");
    Running web = start("web-node");
    attributes(db.identifier(), "role", "db-client");
    await(outlet.portals().createOutlet("outlet", "127.0.0.1:" + echo.actualPort()));
    await(PolicyClient.of(outlet.api()).setPolicy(new PolicyCodec.Resource(PolicyRecord.Target.RESOURCE, SecureChannels.DEFAULT_LISTENER),
      PolicyExpression.parse("role = \"db-client\"")));
    MultiAddr route = MultiAddr.parse("/node/outlet-node/secure/api/service/outlet");

    InletStatus ok = await(db.portals().createInlet("db", null, route, List.of(outlet.identifier()), API));
    assertThat(roundTrip(ok.bindAddress(), "hello")).isEqualTo("hello");
    // the web node's channels are refused as soon as they are established: its inlet never comes up
    InletStatus refused = await(web.portals().createInlet("web", null, route, List.of(outlet.identifier()), Duration.ofSeconds(3),
      false));
    assertThat(echoes(refused.bindAddress())).isFalse();
    assertThat(await(web.portals().inlet("web")).state()).isNotEqualTo("UP");
    until("the refusal is counted", () -> outlet.node().drops().count(DropReason.DENIED_BY_POLICY) > 0, API);
    // the administrator (no attributes) still reaches the node manager through the same listener
    assertThat(await(PolicyClient.of(outlet.api()).policies(null))).hasSize(1);
  }
}
