package io.ockamj.console;

import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.nodemanager.NodeManager;
import io.ockamj.verticles.nodemanager.NodeManagerOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/** The console's API on a real node over 127.0.0.1: who gets in (tokens, sessions, CSRF), and what it answers. */
@ExtendWith(VertxExtension.class)
class ConsoleApiTest {

  @TempDir
  Path dir;

  private Vertx vertx;
  private Node node;
  private NodeManager manager;
  private ConsoleKey key;
  private ConsoleServer console;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    this.vertx = vertx;
    node = await(Node.create(vertx, new NodeOptions().setName("console-test").setTcpListenerAddress("127.0.0.1:0")));
    ChannelIdentity id = await(vertx.executeBlocking(ChannelIdentity::generate));
    manager = await(NodeManager.start(node, SecureChannels.create(node, id), new NodeManagerOptions()));
    await(manager.createSecureChannelListener(SecureChannels.DEFAULT_LISTENER, List.of()));
    key = ConsoleKey.loadOrCreate(dir);
    console = await(ConsoleServer.start(manager, key, "127.0.0.1", 0, "test"));
  }

  @AfterEach
  void tearDown() throws Exception {
    await(console.close());
    await(node.close());
  }

  private String base() {
    return "http://127.0.0.1:" + console.port();
  }

  private HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10)).GET();
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String cookie, String csrf, JsonObject body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10))
      .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    if (csrf != null) {
      b.header(ConsoleAuth.CSRF_HEADER, csrf);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> login(String token) throws Exception {
    return post("/api/login", null, null, new JsonObject().put("token", token));
  }

  /** A logged-in session: its cookie header and CSRF token. */
  private record Session(String cookie, String csrf) {
  }

  private Session session() throws Exception {
    HttpResponse<String> r = login(key.mintToken(Duration.ofSeconds(60), System.currentTimeMillis()));
    assertThat(r.statusCode()).isEqualTo(200);
    String setCookie = r.headers().firstValue("set-cookie").orElseThrow();
    return new Session(setCookie.substring(0, setCookie.indexOf(';')), new JsonObject(r.body()).getString("csrf"));
  }

  private static String error(HttpResponse<String> r) {
    return new JsonObject(r.body()).getString("error");
  }

  @Test
  void withoutSessionOnlyHealthLoginAndThePageAnswer() throws Exception {
    assertThat(get("/api/health", null).statusCode()).isEqualTo(200);
    assertThat(get("/", null).body()).contains("<script type=\"module\" src=\"app.js\">");
    for (String path : List.of("/api/snapshot", "/api/session", "/api/events", "/api/nosuch")) {
      HttpResponse<String> r = get(path, null);
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(error(r)).isEqualTo("no_session");
    }
    assertThat(post("/api/probe", null, null, new JsonObject().put("route", "/service/echo")).statusCode()).isEqualTo(401);
    assertThat(get("/api/snapshot", "ockam_console_000000000000=forged.cookie").statusCode()).isEqualTo(401);
  }

  @Test
  void aTokenOpensASessionWithAnHttpOnlyStrictCookie() throws Exception {
    HttpResponse<String> r = login(key.mintToken(Duration.ofSeconds(60), System.currentTimeMillis()));
    assertThat(r.statusCode()).isEqualTo(200);
    String setCookie = r.headers().firstValue("set-cookie").orElseThrow();
    assertThat(setCookie).startsWith(ConsoleAuth.COOKIE).matches("ockam_console_[0-9a-f]{12}=.*").containsIgnoringCase("HttpOnly").contains("SameSite=Strict");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    JsonObject snap = new JsonObject(get("/api/snapshot", cookie).body());
    assertThat(snap.getJsonObject("node").getString("name")).isEqualTo("console-test");
    assertThat(snap.getJsonArray("workers")).isNotEmpty();
    assertThat(new JsonObject(get("/api/session", cookie).body()).getString("csrf"))
      .isEqualTo(new JsonObject(r.body()).getString("csrf"));
  }

  @Test
  void wrongExpiredAndEarlierTokensAreRefused() throws Exception {
    String other = ConsoleKey.random().mintToken(Duration.ofSeconds(60), System.currentTimeMillis());
    assertThat(error(login(other))).isEqualTo("invalid_token");
    assertThat(error(login("garbage"))).isEqualTo("invalid_token");
    assertThat(error(login("x".repeat(200)))).isEqualTo("invalid_token");
    assertThat(login("x".repeat(10_000)).statusCode()).isEqualTo(413);
    assertThat(login(null).statusCode()).isEqualTo(401);
    String expired = key.mintToken(Duration.ofSeconds(1), System.currentTimeMillis() - 10_000);
    HttpResponse<String> r = login(expired);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(error(r)).isEqualTo("expired_token");
    // minted before this console started (e.g. for the node's previous run): refused though unexpired
    String early = key.mintToken(Duration.ofSeconds(120), System.currentTimeMillis() - 60_000);
    assertThat(error(login(early))).isEqualTo("invalid_token");
  }

  @Test
  void aTokenWorksOnce() throws Exception {
    String token = key.mintToken(Duration.ofSeconds(60), System.currentTimeMillis());
    assertThat(login(token).statusCode()).isEqualTo(200);
    HttpResponse<String> again = login(token);
    assertThat(again.statusCode()).isEqualTo(401);
    assertThat(error(again)).isEqualTo("used_token");
    assertThat(again.headers().firstValue("set-cookie")).isEmpty();
  }

  @Test
  void actionsNeedTheCsrfToken() throws Exception {
    Session s = session();
    JsonObject probe = new JsonObject().put("route", "/service/echo");
    HttpResponse<String> none = post("/api/probe", s.cookie(), null, probe);
    assertThat(none.statusCode()).isEqualTo(403);
    assertThat(error(none)).isEqualTo("csrf");
    assertThat(post("/api/probe", s.cookie(), "wrong", probe).statusCode()).isEqualTo(403);
    // another session's CSRF token does not fit this session
    Session other = session();
    assertThat(post("/api/probe", s.cookie(), other.csrf(), probe).statusCode()).isEqualTo(403);
    HttpResponse<String> ok = post("/api/probe", s.cookie(), s.csrf(), probe);
    assertThat(ok.statusCode()).isEqualTo(200);
    JsonObject out = new JsonObject(ok.body());
    assertThat(out.getBoolean("ok")).isTrue();
    // out to echo, and echo's reply back to the probe's address
    assertThat(out.getJsonArray("hops").stream().map(h -> ((JsonObject) h).getString("to")).toList()).contains("0#echo");
    assertThat(out.getJsonArray("hops")).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void closingAChannelRemovesIt() throws Exception {
    Node peer = await(Node.create(vertx, new NodeOptions().setName("peer")));
    try {
      ChannelIdentity pid = await(vertx.executeBlocking(ChannelIdentity::generate));
      SecureChannel ch;
      try {
        ch = await(SecureChannels.create(peer, pid).createSecureChannel(
          Route.parse("1#" + node.tcpListenerAddress() + " => 0#api"), new SecureChannelOptions()));
      } catch (RuntimeException | AssertionError e) {
        // what each node dropped says where the handshake stopped (the CI log shows this message)
        throw new AssertionError(e.getMessage() + "; drops at the console's node " + node.drops().counts()
          + ", at the peer " + peer.drops().counts(), e);
      }
      Session s = session();
      until("the channel appears at the console's node", () -> !manager.channels().list().isEmpty(), Duration.ofSeconds(10));
      String encryptor = manager.channels().list().get(0).encryptor().toString();
      JsonObject snap = new JsonObject(get("/api/snapshot", s.cookie()).body());
      assertThat(snap.getJsonArray("secure_channels").getJsonObject(0).getString("peer")).isEqualTo(ch.peer() == null ? null
        : pid.identity().identifier().toString());
      assertThat(post("/api/channels/nosuch/close", s.cookie(), s.csrf(), new JsonObject()).statusCode()).isEqualTo(404);
      HttpResponse<String> r = post("/api/channels/" + java.net.URLEncoder.encode(encryptor, java.nio.charset.StandardCharsets.UTF_8) + "/close", s.cookie(), s.csrf(), new JsonObject());
      assertThat(r.statusCode()).isEqualTo(200);
      until("the closed channel leaves the snapshot", () -> {
        try {
          return new JsonObject(get("/api/snapshot", s.cookie()).body()).getJsonArray("secure_channels").isEmpty();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, Duration.ofSeconds(10));
    } finally {
      await(peer.close());
    }
  }

  @Test
  void portalBytesAreCountedAndKeptAfterTheConnectionCloses() throws Exception {
    io.vertx.core.net.NetServer echo = await(vertx.createNetServer().connectHandler(so -> so.handler(so::write)).listen(0, "127.0.0.1"));
    try {
      await(manager.resources().createOutlet("outlet", "127.0.0.1:" + echo.actualPort()));
      var inlet = await(manager.resources().createInlet("web", "127.0.0.1:0", io.ockamj.protocol.MultiAddr.parse("/service/outlet"),
        List.of(), Duration.ofSeconds(10)));
      Session s = session();
      String text = "x".repeat(5000);
      assertThat(io.ockamj.testing.PortalProbe.roundTrip(inlet.bindAddress(), text)).isEqualTo(text);
      JsonObject snap = new JsonObject(get("/api/snapshot", s.cookie()).body());
      JsonObject web = snap.getJsonArray("inlets").getJsonObject(0);
      assertThat(web.getString("alias")).isEqualTo("web");
      assertThat(web.getString("state")).isEqualTo("UP");
      // through the inlet and back through the outlet on the same node: at least the text each way
      assertThat(web.getLong("bytes_out")).isGreaterThanOrEqualTo(text.length());
      assertThat(snap.getJsonObject("portal_bytes").getLong("bytes_in")).isGreaterThanOrEqualTo(text.length());
      until("the portal connection closes", () -> manager.resources().inlet("web").connections() == 0, Duration.ofSeconds(10));
      long out = web.getLong("bytes_out");
      for (int i = 0; i < 2; i++) {
        // the first snapshot after the close retires the connection's counts, the next one still has them
        snap = new JsonObject(get("/api/snapshot", s.cookie()).body());
        assertThat(snap.getJsonObject("portal_bytes").getLong("bytes_out")).isGreaterThanOrEqualTo(out);
      }
      assertThat(snap.getJsonArray("outlets").getJsonObject(0).getString("address")).isEqualTo("outlet");

      // deleting them: CSRF first, unknown names 404, then gone
      assertThat(post("/api/inlets/web/delete", s.cookie(), null, new JsonObject()).statusCode()).isEqualTo(403);
      assertThat(post("/api/inlets/nosuch/delete", s.cookie(), s.csrf(), new JsonObject()).statusCode()).isEqualTo(404);
      assertThat(post("/api/relays/nosuch/delete", s.cookie(), s.csrf(), new JsonObject()).statusCode()).isEqualTo(404);
      assertThat(post("/api/inlets/web/delete", s.cookie(), s.csrf(), new JsonObject()).statusCode()).isEqualTo(200);
      assertThat(post("/api/outlets/outlet/delete", s.cookie(), s.csrf(), new JsonObject()).statusCode()).isEqualTo(200);
      snap = new JsonObject(get("/api/snapshot", s.cookie()).body());
      assertThat(snap.getJsonArray("inlets")).isEmpty();
      assertThat(snap.getJsonArray("outlets")).isEmpty();
    } finally {
      await(echo.close());
    }
  }

  @Test
  void twoConsolesOnOneHostKeepTheirOwnSessions() throws Exception {
    Session mine = session();
    Node other = await(Node.create(vertx, new NodeOptions().setName("other")));
    ChannelIdentity id = await(vertx.executeBlocking(ChannelIdentity::generate));
    NodeManager otherManager = await(NodeManager.start(other, SecureChannels.create(other, id), new NodeManagerOptions()));
    ConsoleKey otherKey = ConsoleKey.random();
    ConsoleServer second = await(ConsoleServer.start(otherManager, otherKey, "127.0.0.1", 0, "test"));
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + second.port() + "/api/login"))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
          .put("token", otherKey.mintToken(Duration.ofSeconds(60), System.currentTimeMillis())).encode())).build(),
        HttpResponse.BodyHandlers.ofString());
      String theirs = r.headers().firstValue("set-cookie").orElseThrow();
      // a browser keeps both cookies for 127.0.0.1 (ports do not separate cookies) and sends both to each console
      assertThat(theirs.substring(0, theirs.indexOf('='))).isNotEqualTo(mine.cookie().substring(0, mine.cookie().indexOf('=')));
      String both = mine.cookie() + "; " + theirs.substring(0, theirs.indexOf(';'));
      assertThat(get("/api/snapshot", both).statusCode()).isEqualTo(200);
      assertThat(post("/api/probe", both, mine.csrf(), new JsonObject().put("route", "/service/echo")).statusCode()).isEqualTo(200);
    } finally {
      await(second.close());
      await(other.close());
    }
  }

  @Test
  void theKeyFileIsTheOwnersOnly() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(ConsoleKey.FILE)))).isEqualTo("rw-------");
    assertThat(ConsoleKey.load(dir).mintToken(Duration.ofSeconds(5), System.currentTimeMillis())).isNotBlank();
    String token = ConsoleKey.load(dir).mintToken(Duration.ofSeconds(5), System.currentTimeMillis());
    assertThat(login(token).statusCode()).isEqualTo(200);
  }
}
