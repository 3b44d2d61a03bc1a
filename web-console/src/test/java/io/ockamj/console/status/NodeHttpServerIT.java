package io.ockamj.console.status;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.metrics.NodeMeters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.ockamj.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The node's HTTP server over real TCP on 127.0.0.1: health, /show and /metrics. */
@ExtendWith(VertxExtension.class)
class NodeHttpServerIT {

  record Answer(int status, String body, String contentType) {
  }

  private final List<Node> nodes = new ArrayList<>();
  private final List<NodeHttpServer> servers = new ArrayList<>();
  private Vertx ownVertx;

  @AfterEach
  void closeAll() {
    servers.forEach(s -> await(s.close()));
    nodes.forEach(n -> await(n.close()));
    if (ownVertx != null) {
      await(ownVertx.close());
    }
  }

  private Node node(Vertx vertx, String name) {
    Node n = await(Node.create(vertx, new NodeOptions().setName(name).setTcpListenerAddress("127.0.0.1:0")));
    nodes.add(n);
    return n;
  }

  private NodeHttpServer server(Vertx vertx, Node node, PrometheusMeterRegistry registry) {
    NodeHttpServer[] self = new NodeHttpServer[1];
    NodeHttpServer s = await(NodeHttpServer.start(vertx, 0, () -> Future.succeededFuture(NodeShow.json(node, null,
      new NodeShow.Facts("default", true, ProcessHandle.current().pid(), self[0].address()))), registry));
    self[0] = s;
    servers.add(s);
    return s;
  }

  private static Answer call(Vertx vertx, HttpMethod method, int port, String path) {
    HttpClient client = vertx.createHttpClient();
    try {
      return await(client.request(method, port, "127.0.0.1", path)
        .compose(req -> req.send())
        .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), b.toString(), resp.getHeader("content-type")))));
    } finally {
      client.close();
    }
  }

  @Test
  void healthIs503UntilUpAnd503AgainWhileStopping(Vertx vertx) {
    Node n = node(vertx, "health");
    NodeHttpServer s = server(vertx, n, null);
    assertThat(s.address()).isEqualTo("127.0.0.1:" + s.port());
    assertThat(call(vertx, HttpMethod.GET, s.port(), "/").status()).isEqualTo(503);
    assertThat(call(vertx, HttpMethod.HEAD, s.port(), "/").status()).isEqualTo(503);
    assertThat(call(vertx, HttpMethod.GET, s.port(), "/show").status()).isEqualTo(503);
    s.state(NodeHttpServer.State.UP);
    assertThat(call(vertx, HttpMethod.GET, s.port(), "/").status()).isEqualTo(200);
    Answer head = call(vertx, HttpMethod.HEAD, s.port(), "/");
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(call(vertx, HttpMethod.GET, s.port(), "/nothing-here").status()).isEqualTo(404);
    assertThat(call(vertx, HttpMethod.GET, s.port(), "/metrics").status()).as("metrics off").isEqualTo(404);
    s.state(NodeHttpServer.State.STOPPING);
    assertThat(call(vertx, HttpMethod.GET, s.port(), "/").status()).isEqualTo(503);
    assertThat(call(vertx, HttpMethod.HEAD, s.port(), "/").status()).isEqualTo(503);
  }

  @Test
  void showAnswersTheNodesStateWithRustsFieldNames(Vertx vertx) {
    Node n = node(vertx, "shown");
    NodeHttpServer s = server(vertx, n, null);
    s.state(NodeHttpServer.State.UP);
    Answer a = call(vertx, HttpMethod.GET, s.port(), "/show");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.contentType()).startsWith("application/json");
    JsonObject o = new JsonObject(a.body());
    assertThat(o.fieldNames()).contains("name", "identity_name", "is_default", "status", "pid", "route", "http_server_address",
      "transports", "secure_channel_listeners", "inlets", "outlets", "services");
    assertThat(o.getString("name")).isEqualTo("shown");
    assertThat(o.getString("status")).isEqualTo("running");
    assertThat(o.getString("http_server_address")).isEqualTo(s.address());
    assertThat(o.getJsonObject("route").getString("short")).isEqualTo("/node/shown");
    String port = n.tcpListenerAddress().substring(n.tcpListenerAddress().lastIndexOf(':') + 1);
    assertThat(o.getJsonObject("route").getString("verbose")).isEqualTo("/dnsaddr/localhost/tcp/" + port);
    assertThat(o.getJsonArray("transports").getJsonObject(0).getString("socket_addr")).isEqualTo(n.tcpListenerAddress());
    // Rust's TransportStatus fields
    assertThat(o.getJsonArray("transports").getJsonObject(0).fieldNames())
      .containsExactly("type", "mode", "socket_addr", "worker_addr", "processor_address", "flow_control_id");
    assertThat(o.getJsonArray("services").stream().map(x -> ((JsonObject) x).getString("addr"))).contains("echo", "uppercase", "hop");
  }

  @Test
  void metricsCountExactlyTheMessagesAndBytesSentOverTcp() {
    PrometheusMeterRegistry registry = NodeMetricsRegistry.create();
    ownVertx = NodeMetricsRegistry.vertx(new VertxOptions(), registry);
    Node a = node(ownVertx, "a");
    Node b = node(ownVertx, "b");
    NodeMeters.install(a, registry);
    NodeMeters.install(b, registry);
    NodeHttpServer s = server(ownVertx, a, registry);
    s.state(NodeHttpServer.State.UP);

    // one round trip opens the connection; the counters are read after it
    Route echo = Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("echo"));
    await(a.context().sendAndReceive(echo, new byte[] {1}));
    PrometheusText before = scrape(s);
    int n = 25;
    int size = 1000;
    for (int i = 0; i < n; i++) {
      byte[] payload = new byte[size];
      Arrays.fill(payload, (byte) i);
      assertThat(await(a.context().sendAndReceive(echo, payload, Duration.ofSeconds(20))).payload()).isEqualTo(payload);
    }
    PrometheusText after = scrape(s);

    for (String[] c : new String[][] {{"a", "sent"}, {"b", "received"}, {"b", "sent"}, {"a", "received"}}) {
      String[] labels = {"node", c[0], "transport", "tcp", "direction", c[1]};
      assertThat(after.value("ockam_transport_messages_total", labels) - before.value("ockam_transport_messages_total", labels))
        .as("messages %s by %s", c[1], c[0]).isEqualTo(n);
      assertThat(after.value("ockam_transport_bytes_total", labels) - before.value("ockam_transport_bytes_total", labels))
        .as("bytes %s by %s", c[1], c[0]).isEqualTo((double) n * size);
    }
    // drops by reason: one unroutable message on b
    await(b.context().send(Route.of("nobody-here"), new byte[0]).recover(err -> Future.succeededFuture()));
    PrometheusText dropped = scrape(s);
    assertThat(dropped.value("ockam_messages_dropped_total", "node", "b", "reason", "no_such_address")
      - after.value("ockam_messages_dropped_total", "node", "b", "reason", "no_such_address")).isEqualTo(1);
    // the JVM's and Vert.x's pools are there too
    assertThat(after.has("jvm_memory_used_bytes")).isTrue();
    assertThat(after.has("vertx_pool_")).isTrue();
  }

  @Test
  void everyMeterHasItsDocumentedPrometheusName() {
    PrometheusMeterRegistry registry = NodeMetricsRegistry.create();
    ownVertx = NodeMetricsRegistry.vertx(new VertxOptions(), registry);
    Node n = node(ownVertx, "named");
    NodeMeters m = NodeMeters.install(n, registry);
    NodeHttpServer s = server(ownVertx, n, registry);
    m.secureChannelCreated(true, Duration.ofMillis(5));
    m.secureChannelFailed(false);
    m.portal(true, "127.0.0.1:5000").opened();
    m.portal(true, "127.0.0.1:5000").fromTcp(10);
    m.portal(false, "outlet").toTcp(20);
    m.relayPing("r", Duration.ofMillis(2));
    m.relayPingFailed("r");
    m.credentialRefresh(true);
    m.policyDenied("tcp-outlet", "outlet");
    m.transport("tcp").sent(3);
    PrometheusText t = scrape(s);
    assertThat(t.value("ockam_secure_channels_established_total", "node", "named", "role", "initiator")).isEqualTo(1);
    assertThat(t.value("ockam_secure_channels_failed_total", "node", "named", "role", "responder")).isEqualTo(1);
    assertThat(t.value("ockam_secure_channels_open", "node", "named")).isEqualTo(1);
    assertThat(t.value("ockam_secure_channel_handshake_seconds_count", "node", "named", "role", "initiator")).isEqualTo(1);
    assertThat(t.value("ockam_secure_channel_handshake_seconds_bucket", "node", "named", "role", "initiator", "le", "+Inf"))
      .isEqualTo(1);
    assertThat(t.value("ockam_portal_connections_total", "node", "named", "kind", "inlet", "portal", "127.0.0.1:5000")).isEqualTo(1);
    assertThat(t.value("ockam_portal_connections_open", "node", "named", "kind", "inlet", "portal", "127.0.0.1:5000")).isEqualTo(1);
    assertThat(t.value("ockam_portal_bytes_total", "node", "named", "kind", "inlet", "direction", "from_tcp")).isEqualTo(10);
    assertThat(t.value("ockam_portal_bytes_total", "node", "named", "kind", "outlet", "portal", "outlet", "direction", "to_tcp"))
      .isEqualTo(20);
    assertThat(t.value("ockam_relay_pings_total", "node", "named", "relay", "r", "outcome", "ok")).isEqualTo(1);
    assertThat(t.value("ockam_relay_pings_total", "node", "named", "relay", "r", "outcome", "failed")).isEqualTo(1);
    assertThat(t.value("ockam_relay_rtt_seconds_count", "node", "named", "relay", "r")).isEqualTo(1);
    assertThat(t.value("ockam_relay_last_rtt_seconds", "node", "named", "relay", "r")).isEqualTo(0.002);
    assertThat(t.value("ockam_credential_refreshes_total", "node", "named", "outcome", "ok")).isEqualTo(1);
    assertThat(t.value("ockam_policy_denials_total", "node", "named", "resource_type", "tcp-outlet", "resource", "outlet")).isEqualTo(1);
    assertThat(t.value("ockam_transport_bytes_total", "node", "named", "transport", "tcp", "direction", "sent")).isEqualTo(3);
    assertThat(t.has("ockam_messages_delivered_total")).isTrue();
  }

  private PrometheusText scrape(NodeHttpServer s) {
    Answer a = call(ownVertx, HttpMethod.GET, s.port(), "/metrics");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.contentType()).startsWith("text/plain");
    return PrometheusText.parse(a.body());
  }
}
