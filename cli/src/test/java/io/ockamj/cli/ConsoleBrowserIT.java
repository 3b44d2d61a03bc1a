package io.ockamj.cli;

import io.ockamj.cli.CliFixtures.EchoServer;
import io.ockamj.cli.OckamCli.Run;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console in a real browser: real background nodes (a relay node, an outlet node in front of an echo
 * server that registers a relay, an inlet node whose inlet goes through the relay, the relay and inlet nodes
 * with {@code --console}), and {@code browser-tests/console.mjs} driving Debian's {@code /usr/bin/chromium}
 * with playwright-core: log in with the printed URL, watch the portal's bytes grow, trace a probe through
 * the relay, close a channel, stop and restart the relay node. Screenshots go to
 * {@code target/console-screenshots}.
 * <p>
 * Skipped, saying why, when chromium or node is missing on this machine (CI installs both).
 */
class ConsoleBrowserIT {

  private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
  private static final Path TESTS = Path.of("..", "browser-tests").toAbsolutePath().normalize();

  @TempDir
  Path home;

  private final OckamCli.Spawned spawned = new OckamCli.Spawned();
  private String adminIdentifier;
  private EchoServer echo;
  private final ExecutorService pool = Executors.newCachedThreadPool();

  private Run run(String... args) throws Exception {
    return OckamCli.home(home).run(args);
  }

  private static byte[] readAll(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private JsonObject json(String... args) throws Exception {
    return OckamCli.home(home).json(args);
  }

  private CompletableFuture<JsonObject> node(String name, String... more) {
    List<String> args = new ArrayList<>(List.of("node", "create", name, "--output", "json"));
    args.addAll(List.of(more));
    return CliFixtures.async(() -> spawned.node(json(args.toArray(String[]::new))), pool);
  }

  @BeforeEach
  void setUp() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "skipped: " + CHROMIUM + " is missing; install it with"
      + " 'apt-get install chromium' (CI's .ci/run does)");
    Assumptions.assumeTrue(commandWorks("node", "--version"), "skipped: node (Node.js) is not installed");
    ensurePlaywright();
    echo = new EchoServer();
    Run admin = run("identity", "create", "admin");
    assertThat(admin.exitCode()).isZero();
    adminIdentifier = CliFixtures.identifier(admin.text() + "\n" + admin.errText());
  }

  private static boolean commandWorks(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      readAll(p.getInputStream());
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** {@code npm ci} from the committed package-lock.json, from npm's cache when it can, without a browser download. */
  private static void ensurePlaywright() throws Exception {
    if (Files.isDirectory(TESTS.resolve("node_modules/playwright-core"))) {
      return;
    }
    ProcessBuilder pb = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline")
      .directory(TESTS.toFile()).redirectErrorStream(true);
    pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("npm ci in %s: %s", TESTS, out).isZero();
  }

  @AfterEach
  void tearDown() throws Exception {
    pool.shutdownNow();
    if (echo != null) {
      echo.close();
    }
    spawned.close();
  }

  @Test
  void theConsoleInChromium() throws Exception {
    CompletableFuture<JsonObject> relayF = node("relay", "--console");
    CompletableFuture<JsonObject> outletF = node("outlet-node");
    CompletableFuture<JsonObject> inletF = node("inlet-node", "--console");
    JsonObject relayNode = relayF.get(120, TimeUnit.SECONDS);
    JsonObject outletNode = outletF.get(120, TimeUnit.SECONDS);
    JsonObject inletNode = inletF.get(120, TimeUnit.SECONDS);
    assertThat(relayNode.getString("console_address")).startsWith("127.0.0.1:");
    assertThat(inletNode.getString("console_address")).startsWith("127.0.0.1:");
    assertThat(outletNode.getString("console_address")).isNull();
    assertThat(json("node", "show", "inlet-node", "--output", "json").getString("console_address"))
      .isEqualTo(inletNode.getString("console_address"));

    // the inlet node's own relay, shown with its last ping in the inlet node's console (made meanwhile)
    CompletableFuture<JsonObject> inletRelay = CliFixtures.async(() -> json("relay", "create", "inlet-node", "--at", "/node/relay",
      "--to", "inlet-node", "--output", "json"), pool);
    json("tcp-outlet", "create", "--at", "outlet-node", "--to", "127.0.0.1:" + echo.port(), "--output", "json");
    JsonObject relay = json("relay", "create", "outlet-node", "--at", "/node/relay", "--to", "outlet-node", "--output", "json");
    String route = "/node/relay/service/" + relay.getString("remote_address") + "/secure/api/service/outlet";
    JsonObject inlet = json("tcp-inlet", "create", "--at", "inlet-node", "--from", "127.0.0.1:0", "--to", route,
      "--alias", "web", "--output", "json");
    assertThat(inlet.getString("state")).isEqualTo("UP");

    Run noConsole = run("node", "console", "outlet-node");
    assertThat(noConsole.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(noConsole.errText()).contains("has no web console");

    String inletUrl = run("node", "console", "inlet-node").text();
    String relayUrl = json("node", "console", "relay", "--output", "json").getString("url");
    assertThat(inletUrl).startsWith("http://" + inletNode.getString("console_address") + "/#login=");

    assertThat(inletRelay.get(120, TimeUnit.SECONDS).getString("remote_address")).isEqualTo("forward_to_inlet-node");
    // what an operator (or an authority) stored for the nodes' identity: the inlet node's channel peers show it
    storeAttributes(adminIdentifier, java.util.Map.of("team", "blue"));

    Path shots = Path.of("target", "console-screenshots").toAbsolutePath();
    ProcessBuilder pb = new ProcessBuilder("node", TESTS.resolve("console.mjs").toString()).redirectErrorStream(true);
    pb.environment().put("INLET_URL", inletUrl);
    pb.environment().put("RELAY_URL", relayUrl);
    pb.environment().put("INLET_FROM", inlet.getString("from"));
    pb.environment().put("RELAY_WORKER", "0#" + relay.getString("remote_address"));
    pb.environment().put("INLET_RELAY", "inlet-node");
    pb.environment().put("PEER_ATTRIBUTE", "team=blue");
    pb.environment().put("OCKAM_CMD", new JsonArray(OckamCli.home(home).command()).encode());
    pb.environment().put("SHOTS", shots.toString());
    pb.environment().put("CHROMIUM", CHROMIUM.toString());
    Process p = pb.start();
    StringBuilder log = new StringBuilder();
    CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
      try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          System.out.println(line);
          synchronized (log) {
            log.append(line).append('\n');
          }
        }
      } catch (IOException ignored) {
        // process gone
      }
    }, pool);
    boolean done = p.waitFor(240, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    reader.get(10, TimeUnit.SECONDS);
    // 'node start relay' (in the script) gave the relay node a new pid
    Run list = run("node", "show", "relay", "--output", "json");
    if (list.exitCode() == 0) {
      Long pid = new JsonObject(list.out()).getLong("pid");
      if (pid != null) {
        spawned.pid(pid);
      }
    }
    assertThat(done).as("console.mjs finished in time:\n%s", log).isTrue();
    assertThat(p.exitValue()).as("console.mjs:\n%s", log).isZero();
    assertThat(log.toString()).contains("all steps passed");
    try (var files = Files.list(shots)) {
      assertThat(files.filter(f -> f.toString().endsWith(".png")).count()).isGreaterThanOrEqualTo(12);
    }
  }

  /** Stores attributes for an identifier in the nodes' database, as an authority's enrollment would. */
  private void storeAttributes(String identifier, java.util.Map<String, String> attributes) throws Exception {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      io.ockamj.store.Store store = io.ockamj.store.Store.open(vertx, home.resolve(io.ockamj.store.OckamHome.DATABASE_FILE))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      try {
        store.identityAttributes().store(new io.ockamj.store.IdentityAttributesRecord(identifier,
            io.ockamj.verticles.authority.AuthorityMessages.encodeStoredAttributes(attributes), java.time.Instant.now(), null, null))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } finally {
        store.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
