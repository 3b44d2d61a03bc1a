package io.ockamj.cli;

import static io.ockamj.cli.CliFixtures.freePort;
import static io.ockamj.cli.CliFixtures.async;
import static io.ockamj.cli.CliFixtures.identifier;
import static io.ockamj.cli.CliFixtures.uncheck;

import io.ockamj.cli.CliFixtures.EchoServer;
import io.ockamj.cli.OckamCli.Run;
import io.ockamj.testing.Await;
import io.ockamj.testing.PortalProbe;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attribute-based access and revocation through real {@code ockam} processes in a temporary
 * {@code $OCKAM_HOME}, on 127.0.0.1: a self-hosted authority, an outlet node whose outlet admits
 * {@code (= subject.role "db-client")} in front of an echo server, and inlet nodes enrolled with
 * role=db-client or role=web. The web inlet is refused (and the outlet node counts the denial); a
 * db-client stream is cut when its member is deleted at the authority ({@code project-member delete})
 * or its credential revoked ({@code credential revoke}), and new connections through its inlet are
 * refused afterwards. Nodes renew their revocation subscription only every 10 minutes here, so that
 * a stream cut in time was cut by the notice the authority pushed; the outlet node and the relay node
 * run as one identity (the default one), and both must get it.
 */
class RevocationCliIT {

  private static final String ALLOW = "(= subject.role \"db-client\")";
  private static final long CUT_DEADLINE_MS = 10_000;

  @TempDir
  Path home;

  private final OckamCli.Spawned spawned = new OckamCli.Spawned();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private EchoServer echo;

  /** Nodes renew their revocation subscription only every 10 minutes: a cut stream comes from a push. */
  private OckamCli cli() {
    return OckamCli.home(home).env(Map.of("OCKAM_NODE_JAVA_OPTS", String.join(" ", NodeProcesses.DEFAULT_JVM_FLAGS)
      + " -D" + NodeTrust.REVOCATION_RENEW_MS + "=600000"));
  }

  private Run run(String... args) throws Exception {
    return cli().run(args);
  }

  private String ok(String... args) throws Exception {
    return run(args).assertOk().text();
  }

  private JsonObject node(String... args) throws Exception {
    return spawned.node(new JsonObject(ok(args)));
  }

  @BeforeEach
  void setUp() throws IOException {
    echo = new EchoServer();
  }

  @AfterEach
  void tearDown() throws IOException {
    echo.close();
    pool.shutdownNow();
    spawned.close();
  }

  /** A client that keeps writing and reading through an inlet; {@link #cut} completes when the stream ends. */
  static final class Stream implements AutoCloseable {
    final Socket socket;
    final AtomicLong echoed = new AtomicLong();
    final CompletableFuture<Long> cut = new CompletableFuture<>();

    Stream(String from, ExecutorService pool) throws IOException {
      String[] hp = from.split(":");
      socket = new Socket(hp[0], Integer.parseInt(hp[1]));
      socket.setSoTimeout(30_000);
      pool.execute(this::loop);
    }

    private void loop() {
      try {
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        byte[] chunk = new byte[64];
        for (long i = 0; ; i++) {
          byte[] line = String.format("%063d\n", i).getBytes(StandardCharsets.UTF_8);
          out.write(line);
          out.flush();
          int n = 0;
          while (n < chunk.length) {
            int r = in.read(chunk, n, chunk.length - n);
            if (r < 0) {
              cut.complete(System.nanoTime());
              return;
            }
            n += r;
          }
          assertThat(chunk).isEqualTo(line);
          echoed.incrementAndGet();
        }
      } catch (SocketTimeoutException e) {
        cut.completeExceptionally(e);
      } catch (IOException e) {
        cut.complete(System.nanoTime());
      } catch (Throwable t) {
        cut.completeExceptionally(t);
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** A new connection through {@code from} is closed without any echo (not left hanging). */
  private static void refused(String from) throws IOException {
    String[] hp = from.split(":");
    try (Socket s = new Socket(hp[0], Integer.parseInt(hp[1]))) {
      s.setSoTimeout(15_000);
      int r;
      try {
        s.getOutputStream().write("let me in\n".getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        r = s.getInputStream().read();
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the connection through " + from + " was neither served nor closed", e);
      } catch (IOException e) {
        r = -1;
      }
      assertThat(r).as("what came back through " + from).isEqualTo(-1);
    }
  }

  /** The node's dropped messages, all reasons together. */
  private long dropped(String node) throws Exception {
    JsonObject byReason = new JsonObject(ok("node", "show", node, "--output", "json")).getJsonObject("dropped_messages");
    lastDropped = byReason;
    return byReason.stream().mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
  }

  private JsonObject lastDropped;

  private String enroll(String name, String role) throws Exception {
    String id = identifier(ok("identity", "create", name));
    String ticket = ok("project", "ticket", "--attribute", "role=" + role, "--usage-count", "1", "--expires-in", "10m");
    ok("project", "enroll", ticket, "--identity", name);
    return id;
  }

  private String inlet(String node, String route, String outletNode) throws Exception {
    return inlet(node, node, route, outletNode);
  }

  private String inlet(String node, String alias, String route, String outletNode) throws Exception {
    JsonObject inlet = new JsonObject(ok("tcp-inlet", "create", "--at", node, "--from", "127.0.0.1:0", "--to", route,
      "--authorized", outletNode, "--alias", alias, "--output", "json"));
    return inlet.getString("from");
  }

  /**
   * Waits for the stream's cut, at most {@link #CUT_DEADLINE_MS} after the command returned (the
   * command's own JVM start-up, seconds on a loaded machine, is not the push's delay).
   *
   * @return how long after the command returned the stream was cut (negative: before it returned)
   */
  private long cutWithin(Stream stream, long returned, String what) throws Exception {
    long cutAt;
    try {
      cutAt = stream.cut.get(CUT_DEADLINE_MS, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(what + ": the stream still flows " + CUT_DEADLINE_MS + " ms after the command returned ("
        + stream.echoed.get() + " round trips)", e);
    }
    long ms = (cutAt - returned) / 1_000_000;
    System.out.println(what + ": the stream was cut " + ms + " ms after the command returned (" + stream.echoed.get()
      + " round trips before)");
    return ms;
  }

  @Test
  void revokedMembersLoseTheirStreamsAndTheOtherRoleIsRefused() throws Exception {
    String admin = identifier(ok("identity", "create", "admin"));
    int port = freePort();
    String authorityRoute = "/ip4/127.0.0.1/tcp/" + port + "/service/api";
    spawned.node(new JsonObject(ok("authority", "create", "--tcp-listener-address", "127.0.0.1:" + port,
      "--project-identifier", "proj1",
      "--trusted-identities", new JsonObject().put(admin, new JsonObject().put("ockam-role", "enroller")).encode(),
      "--project-access-route", authorityRoute, "--output", "json")));
    String dbc = enroll("dbc", "db-client");
    String dbc2 = enroll("dbc2", "db-client");
    String web = enroll("web", "web");

    CompletableFuture<JsonObject> outletNodeF = async(() ->
      node("node", "create", "outlet-node", "--project", "proj1", "--output", "json"), pool);
    CompletableFuture<JsonObject> dbF = async(() ->
      node("node", "create", "db", "--identity", "dbc", "--project", "proj1", "--output", "json"), pool);
    CompletableFuture<JsonObject> db2F = async(() ->
      node("node", "create", "db2", "--identity", "dbc2", "--project", "proj1", "--output", "json"), pool);
    CompletableFuture<JsonObject> webF = async(() ->
      node("node", "create", "webn", "--identity", "web", "--project", "proj1", "--output", "json"), pool);
    String outletNode = outletNodeF.get(180, TimeUnit.SECONDS).getString("identifier");
    assertThat(dbF.get(180, TimeUnit.SECONDS).getString("identifier")).isEqualTo(dbc);
    assertThat(db2F.get(180, TimeUnit.SECONDS).getString("identifier")).isEqualTo(dbc2);
    assertThat(webF.get(180, TimeUnit.SECONDS).getString("identifier")).isEqualTo(web);
    ok("tcp-outlet", "create", "--at", "outlet-node", "--to", "127.0.0.1:" + echo.port(), "--allow", ALLOW);

    String route = "/node/outlet-node/secure/api/service/outlet";
    String dbFrom = inlet("db", route, outletNode);
    String db2From = inlet("db2", route, outletNode);
    String webFrom = inlet("webn", route, outletNode);

    // role=db-client reaches the echo server; role=web is refused, and the outlet node counts it
    assertThat(PortalProbe.roundTrip(dbFrom, "db-client here")).isEqualTo("db-client here");
    assertThat(PortalProbe.roundTrip(db2From, "db-client too")).isEqualTo("db-client too");
    long droppedBefore = dropped("outlet-node");
    refused(webFrom);
    Await.until("the denial counted on the outlet node", () -> uncheck(() -> dropped("outlet-node")) > droppedBefore,
      Duration.ofSeconds(10), Duration.ofMillis(200));
    System.out.println("outlet node drops after the web inlet was refused: " + lastDropped.encode());

    // a relay with --allow: an unenrolled node cannot go through it; a db-client that has a secure
    // channel with the relay node can
    node("node", "create", "relay", "--project", "proj1", "--output", "json");
    JsonObject relay = new JsonObject(ok("relay", "create", "outlet-node", "--at", "relay", "--to", "outlet-node",
      "--allow", ALLOW, "--output", "json"));
    assertThat(relay.getString("state")).isEqualTo("UP");
    ok("identity", "create", "stranger");
    node("node", "create", "stranger-node", "--identity", "stranger", "--output", "json");
    long relayDrops = dropped("relay");
    Run strangerInlet = run("tcp-inlet", "create", "--at", "stranger-node", "--from", "127.0.0.1:0", "--to",
      "/node/relay/service/forward_to_outlet-node/secure/api/service/outlet", "--authorized", outletNode, "--timeout", "3s",
      "--retry-wait", "0");
    assertThat(strangerInlet.exitCode()).as("the unenrolled node's inlet through the relay: %s", strangerInlet.out()).isNotZero();
    Await.until("the relay's denial counted", () -> uncheck(() -> dropped("relay")) > relayDrops,
      Duration.ofSeconds(10), Duration.ofMillis(200));
    System.out.println("relay node drops after the unenrolled node was refused: " + lastDropped.encode());
    String viaRelay = inlet("db2", "db2-relay", "/node/relay/secure/api/service/forward_to_outlet-node/secure/api/service/outlet", outletNode);
    assertThat(PortalProbe.roundTrip(viaRelay, "through the relay")).isEqualTo("through the relay");

    // project-member delete cuts the db-client stream, and a new connection is refused
    try (Stream stream = new Stream(dbFrom, pool)) {
      Await.until("bytes streaming", () -> stream.echoed.get() > 20, Duration.ofSeconds(10), Duration.ofMillis(50));
      long t0 = System.nanoTime();
      assertThat(ok("project-member", "delete", dbc)).contains(dbc);
      long returned = System.nanoTime();
      System.out.println("the command took " + (returned - t0) / 1_000_000 + " ms");
      long ms = cutWithin(stream, returned, "project-member delete");
      assertThat(ms).isLessThan(CUT_DEADLINE_MS);
    }
    // the inlet node opens its channel again (its identity still proves itself) before it is refused
    Await.until("the db inlet up again", () -> "UP".equals(uncheck(() -> new JsonObject(ok("tcp-inlet", "show", "db", "--at", "db",
      "--output", "json"))).getString("state")), Duration.ofSeconds(30), Duration.ofMillis(500));
    long beforeRefusal = dropped("outlet-node");
    refused(dbFrom);
    Await.until("the revoked member's refusal counted on the outlet node", () -> uncheck(() -> dropped("outlet-node")) > beforeRefusal,
      Duration.ofSeconds(10), Duration.ofMillis(200));
    System.out.println("outlet node drops after the revoked member was refused: " + lastDropped.encode());
    // the other db-client keeps its access
    assertThat(PortalProbe.roundTrip(db2From, "still in")).isEqualTo("still in");

    // credential revoke (ours) does the same for the second db-client
    try (Stream stream = new Stream(db2From, pool)) {
      Await.until("bytes streaming", () -> stream.echoed.get() > 20, Duration.ofSeconds(10), Duration.ofMillis(50));
      long t0 = System.nanoTime();
      assertThat(ok("credential", "revoke", "--for", dbc2, "--identity", "admin")).contains(dbc2);
      long returned = System.nanoTime();
      System.out.println("the command took " + (returned - t0) / 1_000_000 + " ms");
      long ms = cutWithin(stream, returned, "credential revoke");
      assertThat(ms).isLessThan(CUT_DEADLINE_MS);
    }
    Await.until("the db2 inlet up again", () -> "UP".equals(uncheck(() -> new JsonObject(ok("tcp-inlet", "show", "db2", "--at", "db2",
      "--output", "json"))).getString("state")), Duration.ofSeconds(30), Duration.ofMillis(500));
    refused(db2From);
    JsonArray ids = new JsonArray(ok("project-member", "list-ids", "--output", "json"));
    assertThat(ids.stream().map(o -> ((JsonObject) o).getString("identifier"))).contains(admin, web).doesNotContain(dbc, dbc2);
    // a malformed identifier is a usage error
    Run bad = run("credential", "revoke", "--for", "nope");
    assertThat(bad.exitCode()).as(bad.err()).isEqualTo(ExitCodes.USAGE);
  }
}
