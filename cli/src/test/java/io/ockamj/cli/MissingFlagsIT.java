package io.ockamj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ockamj.crypto.pkcs11.Pkcs11SignMain;
import io.ockamj.crypto.pkcs11.SoftHsm;
import io.ockamj.testing.Await;
import io.ockamj.testing.PortalProbe;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Rust {@code ockam} 0.139 flags and commands added from cli/COMPAT.md's "missing" rows, with real
 * background nodes on 127.0.0.1 in a temporary {@code OCKAM_HOME}: {@code relay create --authorized
 * --relay-address --no-connection-wait}, {@code tcp-inlet create --via}, {@code environment} and
 * {@code identity create -k} over a key made beforehand on a SoftHSM2 token.
 */
class MissingFlagsIT {

  @TempDir
  Path dir;

  private OckamCli cli;
  private CliFixtures.EchoServer echo;
  private final OckamCli.Spawned pids = new OckamCli.Spawned();

  @BeforeEach
  void setUp() throws Exception {
    cli = OckamCli.home(dir.resolve("home"));
    echo = new CliFixtures.EchoServer();
  }

  @AfterEach
  void tearDown() throws Exception {
    echo.close();
    pids.close();
  }

  private JsonObject json(String... args) throws Exception {
    return new JsonObject(cli.ok(args));
  }

  private void node(String name, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("node", "create", name, "--output", "json"));
    args.addAll(List.of(more));
    pids.pid(json(args.toArray(new String[0])).getLong("pid"));
  }

  private CompletableFuture<Void> nodeAsync(String name, String... more) {
    return CompletableFuture.runAsync(() -> {
      try {
        node(name, more);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }


  @Test
  void relayFlagsAndInletVia() throws Exception {
    cli.ok("identity", "create", "admin");
    cli.ok("identity", "create", "relay-identity");
    String stranger = cli.ok("identity", "create", "stranger").trim();
    CompletableFuture.allOf(nodeAsync("outlet-node"), nodeAsync("inlet-node")).get(180, TimeUnit.SECONDS);

    // --no-connection-wait: the relay node does not run yet; the command answers at once, and the relay
    // comes up by itself once the relay node listens on that port
    int relayPort = CliFixtures.freePort();
    long t0 = System.nanoTime();
    OckamCli.Run late = cli.run("relay", "create", "early", "--to", "outlet-node", "--at", "/ip4/127.0.0.1/tcp/" + relayPort,
      "--no-connection-wait", "--output", "json");
    long lateMs = (System.nanoTime() - t0) / 1_000_000;
    late.assertOk();
    JsonObject early = new JsonObject(late.out());
    assertThat(early.getString("state")).isNotEqualTo("UP");
    assertThat(early.getString("remote_address")).isNull();
    assertThat(early.getString("relay_address")).isEqualTo("early");
    assertThat(early.getString("connection_status")).isEqualTo("Down");
    // Rust's last_failure: why the relay node could not be reached, while it is down
    Await.until("the failed connection reported", () -> {
      try {
        return json("relay", "show", "early", "--at", "outlet-node", "--output", "json").getString("last_failure") != null;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, Duration.ofSeconds(60), Duration.ofMillis(250));
    String text = cli.tty(true).run("relay", "create", "early2", "--to", "outlet-node", "--at",
      "/ip4/127.0.0.1/tcp/" + relayPort, "--no-connection-wait").assertOk().text();
    assertThat(text).contains("Relay will be created automatically from /ip4/127.0.0.1/tcp/" + relayPort + " → /node/outlet-node"
      + " as soon as a connection can be established.");
    System.out.println("relay create --no-connection-wait answered in " + lateMs + " ms (command process included)");

    node("relay", "--tcp-listener-address", "127.0.0.1:" + relayPort, "--identity", "relay-identity");
    Await.until("the relay created before its relay node ran is up", () -> {
      try {
        JsonObject s = json("relay", "show", "early", "--at", "outlet-node", "--output", "json");
        return "UP".equals(s.getString("state")) && "/service/forward_to_early".equals(s.getString("remote_address"))
          && "Up".equals(s.getString("connection_status")) && s.containsKey("last_failure") && s.getValue("last_failure") == null;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, Duration.ofSeconds(60), Duration.ofMillis(250));

    String relayId = json("node", "show", "relay", "--output", "json").getString("identifier");
    String outletId = json("node", "show", "outlet-node", "--output", "json").getString("identifier");
    assertThat(relayId).startsWith("I").isNotEqualTo(outletId).isNotEqualTo(stranger);

    // --authorized: the channel to the relay node accepts the relay node's identity, and refuses another one
    JsonObject relay = json("relay", "create", "svc", "--to", "outlet-node", "--at", "/node/relay/secure/api",
      "--authorized", relayId, "--relay-address", "svc1", "--output", "json");
    assertThat(relay.getString("state")).isEqualTo("UP");
    assertThat(relay.getString("remote_address")).isEqualTo("forward_to_svc1");
    assertThat(relay.getString("authorized")).isEqualTo(relayId);
    OckamCli.Run refused = cli.run("relay", "create", "wrong", "--to", "outlet-node", "--at", "/node/relay/secure/api",
      "--authorized", stranger, "--timeout", "5s");
    assertThat(refused.exitCode()).as("a relay whose channel must prove another identity: %s", refused.err()).isNotZero();
    assertThat(cli.run("relay", "show", "wrong", "--at", "outlet-node").exitCode()).as("not kept").isNotZero();
    cli.run("relay", "create", "x", "--to", "outlet-node", "--at", "/node/relay", "--authorized", "nope")
      .assertFails(ExitCodes.USAGE, "invalid --authorized 'nope'");

    // --relay-address: in relay show and list, and the address messages go through
    JsonObject shown = json("relay", "show", "svc", "--at", "outlet-node", "--output", "json");
    assertThat(shown.getString("relay_address")).isEqualTo("svc1");
    assertThat(shown.getString("name")).isEqualTo("svc");
    assertThat(cli.tty(true).ok("relay", "show", "svc", "--at", "outlet-node")).contains("svc1").contains(relayId);
    JsonArray list = new JsonArray(cli.ok("relay", "list", "--to", "outlet-node", "--output", "json"));
    assertThat(list.stream().map(o -> ((JsonObject) o).getString("remote_address"))).contains("forward_to_svc1", "forward_to_early");
    cli.ok("tcp-outlet", "create", "--at", "outlet-node", "--to", echo.address());
    String from = json("tcp-inlet", "create", "--at", "inlet-node", "--to",
      "/node/relay/service/forward_to_svc1/secure/api/service/outlet", "--retry-wait", "0", "--output", "json").getString("from");
    assertThat(PortalProbe.roundTrip(from, "through forward_to_svc1")).isEqualTo("through forward_to_svc1");

    // --via: without a project it says what it needs; with a route in --to it is refused
    cli.run("tcp-inlet", "create", "--at", "inlet-node", "--via", "svc1")
      .assertFails(ExitCodes.USAGE, "there is no project");
    cli.run("tcp-inlet", "create", "--at", "inlet-node", "--via", "svc1", "--to", "/node/relay/service/outlet")
      .assertFails(ExitCodes.USAGE, "'via' can't be passed if 'to' is a route");

    // with a default project whose node is the relay node, --via builds Rust's route through it
    String authority = cli.ok("identity", "show", "admin", "--full", "--encoding", "hex").trim();
    Path project = Files.writeString(dir.resolve("project.json"), new JsonObject().put("id", "p1").put("name", "p1")
      .put("access_route", "/ip4/127.0.0.1/tcp/" + relayPort + "/service/api")
      .put("identity", relayId).put("authority_identity", authority)
      .put("authority_access_route", "/ip4/127.0.0.1/tcp/" + relayPort + "/service/api").encode());
    cli.ok("project", "import", "--project-file", project.toString());
    cli.run("tcp-inlet", "create", "--at", "inlet-node", "--via", "svc1", "--authorized", outletId)
      .assertFails(ExitCodes.USAGE, "--authorized can not be used with project addresses");
    JsonObject via = json("tcp-inlet", "create", "--at", "inlet-node", "--via", "svc1", "--to", "outlet", "--retry-wait", "0",
      "--output", "json");
    assertThat(via.getString("to")).isEqualTo("/ip4/127.0.0.1/tcp/" + relayPort
      + "/secure/api/service/forward_to_svc1/secure/api/service/outlet");
    assertThat(PortalProbe.roundTrip(via.getString("from"), "via the project's relay")).isEqualTo("via the project's relay");

    // the relay address and the authorized identity are stored: after a restart the relay comes back as it was
    cli.ok("node", "stop", "outlet-node");
    pids.pid(json("node", "start", "outlet-node", "--output", "json").getLong("pid"));
    Await.until("the relay back after the restart", () -> {
      try {
        JsonObject s = json("relay", "show", "svc", "--at", "outlet-node", "--output", "json");
        return "UP".equals(s.getString("state")) && "/service/forward_to_svc1".equals(s.getString("remote_address"))
          && relayId.equals(s.getString("authorized"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, Duration.ofSeconds(60), Duration.ofMillis(250));
  }

  @Test
  void environmentListsTheVariablesWeRead() throws Exception {
    String out = cli.ok("environment");
    assertThat(out).contains("CLI Behavior", "- OCKAM_HOME:", "- QUIET:", "- NO_COLOR:", "- NO_INPUT:",
      "- OCKAM_COMMAND_RETRY_COUNT:", "- OCKAM_TTY (ours):", "- OCKAM_PKCS11_PIN (ours):", "- OCKAM_METRICS (ours):");
    // Rust's variables that we do not read are not listed
    assertThat(out).doesNotContain("OCKAM_POSTGRES", "OCKAM_OPENTELEMETRY", "OCKAM_CONTROLLER_ADDR");
    assertThat(cli.tty(true).ok("environment").strip()).isEqualTo(out.strip());
  }

  @Test
  void identityCreateOverAKeyMadeBeforeOnTheToken() throws Exception {
    SoftHsm.Token token = SoftHsm.create(dir.resolve("hsm"), "flags");
    Map<String, String> env = new HashMap<>(token.environment());
    env.put("OCKAM_PKCS11_PIN", SoftHsm.PIN);
    OckamCli hsm = cli.env(env);
    String config = token.pkcs11Config().toString();
    hsm.ok("vault", "create", "hsm", "--pkcs11-config", config);

    // a key made on the token by another program
    Map<String, String> makerEnv = new HashMap<>(token.environment());
    makerEnv.put("TEST_PIN", SoftHsm.PIN);
    String keyHex = runJava(makerEnv, Pkcs11SignMain.class.getName(), config, "new", "00").split(" ")[0];
    assertThat(keyHex).hasSize(64);

    String alice = hsm.ok("identity", "create", "alice", "--vault", "hsm", "-k", keyHex).trim();
    assertThat(alice).startsWith("I");
    String full = hsm.tty(true).ok("identity", "show", "alice", "--full");
    String marker = "primary_public_key:      ECDSASHA256CurveP256: ";
    assertThat(full).contains(marker);
    String pub = full.substring(full.indexOf(marker) + marker.length()).lines().findFirst().orElseThrow().trim();
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(HexFormat.of().parseHex(pub));
    assertThat(HexFormat.of().formatHex(hash)).as("the primary key is the key made before").isEqualTo(keyHex);
    // its long form and its token label name the same key
    String bob = hsm.ok("identity", "create", "bob", "--vault", "hsm", "--key-id", "ockam-" + keyHex).trim();
    assertThat(bob).startsWith("I").isNotEqualTo(alice);

    hsm.run("identity", "create", "carol", "--vault", "hsm", "-k", "0".repeat(64))
      .assertFails(ExitCodes.FAILURE, "vault 'hsm' has no signing key '" + "0".repeat(64) + "'");
    assertThat(hsm.run("identity", "show", "carol").exitCode()).as("no identity made").isNotZero();
    hsm.run("identity", "create", "dave", "-k", keyHex, "--identity", "00")
      .assertFails(ExitCodes.USAGE, "cannot be used with '--key-id <KEY_ID>'");
  }

  /** Runs a main class of the test class path in a child JVM and returns its standard output. */
  private static String runJava(Map<String, String> env, String mainClass, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
      "-cp", System.getProperty("java.class.path"), mainClass));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s: %s", mainClass, out).isZero();
    return out.trim();
  }
}
