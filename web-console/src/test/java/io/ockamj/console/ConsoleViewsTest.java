package io.ockamj.console;

import io.ockamj.crypto.identity.Attributes;
import io.ockamj.crypto.identity.CredentialAndPurposeKey;
import io.ockamj.crypto.identity.Credentials;
import io.ockamj.crypto.identity.PurposeKey;
import io.ockamj.crypto.identity.PurposeKeys;
import io.ockamj.node.Node;
import io.ockamj.node.NodeContext;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.WorkerOptions;
import io.ockamj.policy.PolicyExpression;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.store.IdentityAttributesRecord;
import io.ockamj.store.NodeRecord;
import io.ockamj.store.Store;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.nodemanager.InletStatus;
import io.ockamj.verticles.nodemanager.NodeManager;
import io.ockamj.verticles.nodemanager.NodeManagerOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's views of a real node (SQLite store in a temp dir, TCP on 127.0.0.1) through its API: each
 * inlet's and outlet's own byte and connection counts, the last ping round trip of a relay, and what the
 * node knows of a channel peer (the attributes of its credential, or stored for its identifier), the policy of
 * an outlet and the messages it refused.
 */
@ExtendWith(VertxExtension.class)
class ConsoleViewsTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir
  Path dir;

  private Vertx vertx;
  private Store store;
  private Node node;
  private NodeManager manager;
  private ConsoleKey key;
  private ConsoleServer console;
  private String cookie;
  private final List<Node> others = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    this.vertx = vertx;
    store = await(Store.open(vertx, dir.resolve("database.sqlite3")));
    node = await(Node.create(vertx, new NodeOptions().setName("viewed").setTcpListenerAddress("127.0.0.1:0")));
    ChannelIdentity id = await(vertx.executeBlocking(ChannelIdentity::generate));
    await(store.nodes().store(NodeRecord.of("viewed", id.identity().identifier().toString())
      .withTcpListenerAddress(node.tcpListenerAddress())));
    manager = await(NodeManager.start(node, SecureChannels.create(node, id), new NodeManagerOptions().setStore(store)));
    key = ConsoleKey.loadOrCreate(dir);
    console = await(ConsoleServer.start(manager, key, "127.0.0.1", 0, "test"));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/login"))
      .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
        .put("token", key.mintToken(Duration.ofSeconds(60), System.currentTimeMillis())).encode())).build(),
      HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    String setCookie = r.headers().firstValue("set-cookie").orElseThrow();
    cookie = setCookie.substring(0, setCookie.indexOf(';'));
  }

  @AfterEach
  void tearDown() {
    await(console.close());
    for (Node n : others) {
      await(n.close().otherwiseEmpty());
    }
    await(node.close());
    await(store.close());
  }

  private String base() {
    return "http://127.0.0.1:" + console.port();
  }

  private JsonObject snapshot() {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/snapshot")).header("Cookie", cookie)
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      return new JsonObject(r.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject find(JsonArray rows, String field, String value) {
    return rows.stream().map(JsonObject.class::cast).filter(o -> value.equals(o.getString(field))).findFirst().orElseThrow();
  }

  /** Waits until the snapshot passes the check, and answers it. */
  private JsonObject snapshotWhen(String what, Predicate<JsonObject> check) {
    JsonObject[] last = {null};
    until(what, () -> check.test(last[0] = snapshot()), WAIT);
    return last[0];
  }

  @Test
  void eachInletAndOutletHasItsOwnBytesAndConnections() throws Exception {
    NetServer echo = await(vertx.createNetServer().connectHandler(so -> so.handler(so::write)).listen(0, "127.0.0.1"));
    try {
      String target = "127.0.0.1:" + echo.actualPort();
      await(manager.resources().createOutlet("busy-outlet", target));
      await(manager.resources().createOutlet("idle-outlet", target));
      InletStatus busy = await(manager.resources().createInlet("busy", "127.0.0.1:0", MultiAddr.parse("/service/busy-outlet"),
        List.of(), Duration.ofSeconds(10)));
      await(manager.resources().createInlet("idle", "127.0.0.1:0", MultiAddr.parse("/service/idle-outlet"),
        List.of(), Duration.ofSeconds(10)));
      // creating an inlet checks its outlet: the outlets may count connections before any client's
      long outletBefore = find(snapshot().getJsonArray("outlets"), "address", "busy-outlet").getLong("connections_total");
      String[] hp = busy.bindAddress().split(":");
      try (Socket s = new Socket(hp[0], Integer.parseInt(hp[1]))) {
        s.setSoTimeout(10_000);
        long sent = 0;
        for (int round = 1; round <= 3; round++) {
          byte[] chunk = new byte[4000 * round];
          Arrays.fill(chunk, (byte) round);
          send(s, chunk);
          sent += chunk.length;
          long expected = sent;
          // the counts grow while the connection stays open, by exactly what went each way
          JsonObject snap = snapshotWhen("inlet busy counted round " + round,
            o -> find(o.getJsonArray("inlets"), "alias", "busy").getLong("bytes_in") == expected);
          JsonObject in = find(snap.getJsonArray("inlets"), "alias", "busy");
          assertThat(in.getLong("bytes_out")).isEqualTo(expected);
          assertThat(in.getInteger("connections")).isEqualTo(1);
          assertThat(in.getLong("connections_total")).isEqualTo(1);
          JsonObject out = find(snap.getJsonArray("outlets"), "address", "busy-outlet");
          assertThat(out.getLong("bytes_in")).isEqualTo(expected);
          assertThat(out.getLong("bytes_out")).isEqualTo(expected);
          assertThat(out.getLong("connections_total")).isEqualTo(outletBefore + 1);
          // the other portals saw nothing
          JsonObject idle = find(snap.getJsonArray("inlets"), "alias", "idle");
          assertThat(idle.getLong("bytes_in")).isZero();
          assertThat(idle.getLong("bytes_out")).isZero();
          assertThat(idle.getLong("connections_total")).isZero();
          assertThat(find(snap.getJsonArray("outlets"), "address", "idle-outlet").getLong("bytes_out")).isZero();
        }
      }
      JsonObject after = snapshotWhen("the connection closed", o -> find(o.getJsonArray("inlets"), "alias", "busy").getInteger("connections") == 0);
      // kept after the connection closed
      assertThat(find(after.getJsonArray("inlets"), "alias", "busy").getLong("bytes_out")).isEqualTo(4000 + 8000 + 12000);
    } finally {
      await(echo.close());
    }
  }

  private static void send(Socket s, byte[] chunk) throws Exception {
    OutputStream out = s.getOutputStream();
    out.write(chunk);
    out.flush();
    InputStream in = s.getInputStream();
    byte[] back = in.readNBytes(chunk.length);
    assertThat(back).isEqualTo(chunk);
  }

  @Test
  void anOutletShowsItsPolicyAndEachMessageItRefused() throws Exception {
    String expression = "(= subject.team \"blue\")";
    await(manager.resources().createOutlet("guarded", "127.0.0.1:1", PolicyExpression.parse(expression), false));
    await(manager.resources().createOutlet("open", "127.0.0.1:1"));
    JsonObject policy = find(snapshotWhen("the outlet's policy is read", o -> find(o.getJsonArray("outlets"), "address", "guarded")
      .getJsonObject("policy").getString("source") != null).getJsonArray("outlets"), "address", "guarded").getJsonObject("policy");
    assertThat(policy.getString("source")).isEqualTo("resource");
    assertThat(policy.getString("expression")).contains("subject.team");
    assertThat(policy.getLong("denials")).isZero();
    // messages from outside any secure channel have no identity: refused, one count each
    NodeContext stranger = await(node.context(WorkerOptions.of(Address.randomLocal())));
    for (int i = 1; i <= 2; i++) {
      await(stranger.send(Route.of(Address.local("guarded")), new byte[] {1}));
      long n = i;
      snapshotWhen("refusal " + i + " is shown", o -> find(o.getJsonArray("outlets"), "address", "guarded")
        .getJsonObject("policy").getLong("denials") == n);
    }
    JsonObject open = find(snapshotWhen("the open outlet's policy is read", o -> find(o.getJsonArray("outlets"), "address", "open")
      .getJsonObject("policy").getString("source") != null).getJsonArray("outlets"), "address", "open").getJsonObject("policy");
    assertThat(open.getString("source")).isEqualTo("none");
    assertThat(open.getLong("denials")).isZero();
  }

  @Test
  void aRelayShowsItsLastPingRoundTripAndState() {
    Node relayNode = await(Node.create(vertx, new NodeOptions().setName("relay-node").setTcpListenerAddress("127.0.0.1:0")));
    others.add(relayNode);
    String[] hp = relayNode.tcpListenerAddress().split(":");
    await(manager.resources().createRelay("r1", MultiAddr.parse("/ip4/" + hp[0] + "/tcp/" + hp[1]), Duration.ofSeconds(10)));
    // pings go every second, the first one a second after the relay is up: its answer gives the round trip
    JsonObject relay = find(snapshotWhen("the relay's first ping is answered",
      o -> find(o.getJsonArray("relays"), "name", "r1").getValue("last_ping_rtt_ms") != null).getJsonArray("relays"), "name", "r1");
    assertThat(relay.getString("state")).isEqualTo("UP");
    assertThat(relay.getDouble("last_ping_rtt_ms")).isPositive().isLessThan(5_000.0);
    assertThat(relay.getString("remote_address")).isEqualTo("forward_to_r1");
  }

  @Test
  void aChannelShowsWhatTheNodeKnowsOfItsPeer() throws Exception {
    // an authority the console's node trusts, and a peer holding its credential
    ChannelIdentity authority = await(vertx.executeBlocking(ChannelIdentity::generate));
    PurposeKey signing = await(vertx.executeBlocking(() -> PurposeKeys.create(authority.vault()).createCredentialKey(authority.identity())));
    manager.setListenerOptions(new SecureChannelOptions().addAuthority(authority.identity()));
    await(manager.createSecureChannelListener(SecureChannels.DEFAULT_LISTENER, List.of()));
    ChannelIdentity member = await(vertx.executeBlocking(ChannelIdentity::generate));
    CredentialAndPurposeKey credential = await(vertx.executeBlocking(() -> Credentials.create(authority.vault()).issue(signing,
      member.identity(), Attributes.builder().put("role", "web").build(), Duration.ofHours(1))));
    // and a peer without a credential, whose attributes an operator stored for its identifier
    ChannelIdentity known = await(vertx.executeBlocking(ChannelIdentity::generate));
    byte[] cbor = new CborWriter().map(1).bytes("team".getBytes(StandardCharsets.UTF_8)).bytes("blue".getBytes(StandardCharsets.UTF_8))
      .toByteArray();
    await(store.identityAttributes().store(new IdentityAttributesRecord(known.identity().identifier().toString(), cbor, Instant.now(),
      null, null)));

    Node peers = await(Node.create(vertx, new NodeOptions().setName("peers")));
    others.add(peers);
    Route api = Route.parse("1#" + node.tcpListenerAddress() + " => 0#api");
    await(SecureChannels.create(peers, member.withCredentials(List.of(credential))).createSecureChannel(api,
      new SecureChannelOptions().setConfirmed(true)));
    await(SecureChannels.create(peers, known).createSecureChannel(api, new SecureChannelOptions().setConfirmed(true)));

    String memberId = member.identity().identifier().toString();
    String knownId = known.identity().identifier().toString();
    JsonObject snap = snapshotWhen("both peers' attributes are shown", o -> {
      JsonArray chs = o.getJsonArray("secure_channels");
      return chs.size() == 2 && !find(chs, "peer", knownId).getJsonObject("peer_attributes").isEmpty();
    });
    JsonObject m = find(snap.getJsonArray("secure_channels"), "peer", memberId);
    assertThat(m.getJsonObject("peer_attributes").getMap()).containsEntry("role", "web");
    assertThat(m.getBoolean("peer_has_credential")).isTrue();
    assertThat(m.getJsonArray("peer_credentials").getJsonObject(0).getString("issuer"))
      .isEqualTo(authority.identity().identifier().toString());
    JsonObject k = find(snap.getJsonArray("secure_channels"), "peer", knownId);
    assertThat(k.getJsonObject("peer_attributes").getMap()).containsExactly(java.util.Map.entry("team", "blue"));
    assertThat(k.getJsonArray("peer_credentials")).isEmpty();
  }
}
