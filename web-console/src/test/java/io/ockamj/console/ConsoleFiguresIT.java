package io.ockamj.console;

import io.ockamj.node.Node;
import io.ockamj.node.NodeContext;
import io.ockamj.node.NodeOptions;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.nodemanager.NodeManager;
import io.ockamj.verticles.nodemanager.NodeManagerOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's figures on 127.0.0.1, printed: the median latency of {@code GET /api/snapshot} and
 * {@code GET /api/health}, and the time for one event to reach 50 open event streams. The bounds asserted are
 * loose (a shared 2-core machine); the printed figures are the point.
 */
@ExtendWith(VertxExtension.class)
class ConsoleFiguresIT {

  private static final int REQUESTS = 200;
  private static final int STREAMS = 50;

  private Node node;
  private ConsoleServer console;
  private HttpClient client;
  private String cookie;
  private String csrf;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    node = await(Node.create(vertx, new NodeOptions().setName("figures").setTcpListenerAddress("127.0.0.1:0")));
    ChannelIdentity id = await(vertx.executeBlocking(ChannelIdentity::generate));
    NodeManager manager = await(NodeManager.start(node, SecureChannels.create(node, id), new NodeManagerOptions()));
    ConsoleKey key = ConsoleKey.random();
    console = await(ConsoleServer.start(manager, key, "127.0.0.1", 0, "test"));
    client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(console.port()),
      new PoolOptions().setHttp1MaxSize(STREAMS + 4));
    var login = await(client.request(HttpMethod.POST, "/api/login").compose(r -> r.putHeader("content-type", "application/json")
      .send(new JsonObject().put("token", key.mintToken(Duration.ofSeconds(60), System.currentTimeMillis())).encode())
      .compose(resp -> resp.body().map(b -> new Object[] {resp.getHeader("set-cookie"), b.toJsonObject()}))));
    String setCookie = (String) login[0];
    cookie = setCookie.substring(0, setCookie.indexOf(';'));
    csrf = ((JsonObject) login[1]).getString("csrf");
  }

  @AfterEach
  void tearDown() throws Exception {
    await(client.close());
    await(console.close());
    await(node.close());
  }

  private double medianMillis(String path) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + console.port() + path))
      .header("Cookie", cookie).timeout(Duration.ofSeconds(30)).build();
    for (int i = 0; i < 20; i++) {
      http.send(req, java.net.http.HttpResponse.BodyHandlers.ofString());
    }
    long[] ns = new long[REQUESTS];
    for (int i = 0; i < REQUESTS; i++) {
      long t0 = System.nanoTime();
      assertThat(http.send(req, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      ns[i] = System.nanoTime() - t0;
    }
    Arrays.sort(ns);
    return ns[REQUESTS / 2] / 1e6;
  }

  @Test
  void apiLatency() throws Exception {
    double snapshot = medianMillis("/api/snapshot");
    double health = medianMillis("/api/health");
    System.out.printf("FIGURE console API median latency over %d sequential requests: GET /api/snapshot %.2f ms,"
      + " GET /api/health %.2f ms%n", REQUESTS, snapshot, health);
    assertThat(snapshot).isLessThan(500);
  }

  @Test
  void eventFanOutTo50Streams() throws Exception {
    List<Long> arrived = new ArrayList<>();
    CountDownLatch all = new CountDownLatch(STREAMS);
    ConcurrentHashMap<Integer, Boolean> got = new ConcurrentHashMap<>();
    for (int i = 0; i < STREAMS; i++) {
      int n = i;
      await(client.request(HttpMethod.GET, "/api/events").compose(r -> r.putHeader("cookie", cookie).send()).map(resp -> {
        resp.handler(buf -> {
          if (buf.toString().contains("event: trace") && got.putIfAbsent(n, true) == null) {
            synchronized (arrived) {
              arrived.add(System.nanoTime());
            }
            all.countDown();
          }
        });
        return resp;
      }));
    }
    until("50 streams open", () -> console.streams() == STREAMS, Duration.ofSeconds(10));
    // a trace of the echo service: the probe's message to it is one event
    var trace = await(client.request(HttpMethod.POST, "/api/trace").compose(r -> r.putHeader("cookie", cookie)
      .putHeader(ConsoleAuth.CSRF_HEADER, csrf).putHeader("content-type", "application/json")
      .send(new JsonObject().put("address", "0#echo").put("seconds", 30).encode())).compose(resp -> resp.body()));
    assertThat(trace.toJsonObject().getLong("trace")).isPositive();
    NodeContext ctx = node.context();
    long t0 = System.nanoTime();
    await(ctx.send(Route.parse("0#echo"), "fan-out".getBytes()));
    assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
    long last;
    long first;
    synchronized (arrived) {
      first = arrived.stream().mapToLong(Long::longValue).min().orElseThrow() - t0;
      last = arrived.stream().mapToLong(Long::longValue).max().orElseThrow() - t0;
    }
    System.out.printf("FIGURE SSE fan-out: one trace event reached the first of %d open streams in %.2f ms, all %d in %.2f ms%n",
      STREAMS, first / 1e6, STREAMS, last / 1e6);
    assertThat(last / 1e6).isLessThan(5000);
  }
}
