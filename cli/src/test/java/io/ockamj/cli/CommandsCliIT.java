package io.ockamj.cli;

import io.ockamj.cli.CliFixtures.EchoServer;
import io.ockamj.cli.OckamCli.Run;
import io.ockamj.testing.PortalProbe;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands and flags that Rust Ockam 0.139 has, run as real {@code ockam} processes on 127.0.0.1:
 * the confirmation of deletes, tcp-connection, tcp-listener, secure-channel-listener, service start,
 * message send --from/--timeout/--no-retry, identity create without a name and with --identity,
 * identity default, secure-channel create --identity/--credential, vault move, and node create
 * --configuration/--variable. Two nodes, started in parallel once, serve the tests that need nodes;
 * the local-only tests use homes of their own. The tests run in parallel (each CLI command is a JVM
 * start; they spend most of their time waiting for one).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Execution(ExecutionMode.CONCURRENT)
class CommandsCliIT {

  @TempDir
  static Path dir;

  private Path home;
  private final OckamCli.Spawned spawned = new OckamCli.Spawned();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private String admin;

  private Run runIn(Path state, Map<String, String> env, String... args) throws Exception {
    return OckamCli.home(state).env(env).run(args);
  }

  private Run run(String... args) throws Exception {
    return runIn(home, Map.of(), args);
  }

  private String ok(String... args) throws Exception {
    return okIn(home, args);
  }

  private String okIn(Path state, String... args) throws Exception {
    return runIn(state, Map.of(), args).assertOk().text();
  }

  private static void assertError(Run r, int exitCode, String contains) {
    assertThat(r.exitCode()).as("exit code of: %s", r.err()).isEqualTo(exitCode);
    assertThat(r.error()).startsWith("error: ").contains(contains);
  }

  private CompletableFuture<JsonObject> nodeAsync(String name) {
    return CliFixtures.async(() -> spawned.node(new JsonObject(ok("node", "create", name, "--output", "json"))), pool);
  }

  @BeforeAll
  void startNodes() throws Exception {
    home = dir.resolve("home");
    // the database and the default identity, once, so that the nodes can start in parallel
    admin = ok("identity", "create", "admin");
    CompletableFuture<JsonObject> n1 = nodeAsync("n1");
    CompletableFuture<JsonObject> n2 = nodeAsync("n2");
    n1.get(120, TimeUnit.SECONDS);
    n2.get(120, TimeUnit.SECONDS);
  }

  @AfterAll
  void stopNodes() throws Exception {
    Run r = run("node", "delete", "--all", "--yes");
    pool.shutdownNow();
    spawned.close();
    assertThat(r.exitCode()).as(r.errText()).isZero();
    // not a terminal: each deleted node's machine form (its name), one after the other, as Rust
    assertThat(r.text()).contains("n1", "n2");
  }

  @Test
  void deletesAreConfirmedWithYes() throws Exception {
    Path local = dir.resolve("deletes");
    String a = okIn(local, "identity", "create", "a");
    assertThat(a).startsWith("I");
    okIn(local, "identity", "create", "b");
    // without a terminal to ask on, a delete needs --yes
    Run unconfirmed = runIn(local, Map.of(), "identity", "delete", "a");
    assertError(unconfirmed, ExitCodes.FAILURE, "Use --yes to confirm");
    assertError(runIn(local, Map.of(), "identity", "delete", "nope", "--yes"), ExitCodes.FAILURE, "The identity nope was not found");
    Run all = runIn(local, Map.of(), "identity", "delete", "--all", "--yes", "--output", "json");
    assertThat(all.exitCode()).as(all.errText()).isZero();
    // one JSON object per deleted identity, each in serde_json's layout
    assertThat(java.util.regex.Pattern.compile("\\{\n  \"name\": \"(\\w+)\"\n}").matcher(all.text()).results().map(m -> m.group(1)).toList())
      .containsExactly("a", "b");
    assertThat(okIn(local, "identity", "delete", "a", "-y")).isEqualTo("[]");

    // a node: asked for --yes, then deleted with its process
    JsonObject tmp = new JsonObject(okIn(local, "node", "create", "tmp", "--output", "json"));
    long pid = spawned.pid(tmp.getLong("pid"));
    assertError(runIn(local, Map.of(), "node", "delete", "tmp"), ExitCodes.FAILURE, "Use --yes to confirm");
    assertError(runIn(local, Map.of(), "node", "delete", "--all"), ExitCodes.FAILURE, "Use --yes to confirm");
    assertThat(OckamCli.Spawned.alive(pid)).isTrue();
    assertError(runIn(local, Map.of(), "node", "delete", "other", "--yes"), ExitCodes.NOT_FOUND, "The node other was not found");
    assertThat(okIn(local, "node", "delete", "--all", "--yes")).isEqualTo("tmp");
    assertThat(OckamCli.Spawned.alive(pid)).isFalse();
    assertThat(okIn(local, "node", "delete", "--all", "--yes")).isEqualTo("[]");
  }

  @Test
  void identitiesWithoutANameImportedAndDefault() throws Exception {
    Path local = dir.resolve("identities");
    String generated = okIn(local, "identity", "create");
    JsonArray list = new JsonArray(okIn(local, "identity", "list", "--output", "json"));
    assertThat(list).hasSize(1);
    String name = list.getJsonObject(0).getString("name");
    assertThat(name).matches("[a-z]+-[a-z]+");
    assertThat(list.getJsonObject(0).getString("identifier")).isEqualTo(generated);
    assertThat(new JsonObject(okIn(local, "identity", "create", "c", "--output", "json")).getString("identifier")).startsWith("I");
    assertThat(okIn(local, "identity", "default")).isEqualTo("✔ The name of the default identity is '" + name + "'");

    // import: the change history of 'c' under another name, in another home
    String history = okIn(local, "identity", "show", "c", "--full", "--encoding", "hex");
    Path elsewhere = dir.resolve("imported");
    assertThat(okIn(elsewhere, "identity", "create", "c-copy", "--identity", history))
      .isEqualTo("✔ Identity imported successfully with name c-copy");
    assertThat(okIn(elsewhere, "identity", "show", "c-copy")).isEqualTo(okIn(local, "identity", "show", "c"));
    // the first identity of a home is its default
    assertThat(okIn(elsewhere, "identity", "default")).isEqualTo("✔ The name of the default identity is 'c-copy'");
    assertError(runIn(elsewhere, Map.of(), "identity", "create", "bad", "--identity", "zz"), ExitCodes.USAGE, "--identity");
    assertError(runIn(elsewhere, Map.of(), "identity", "create", "bad", "--identity", "81a0"), ExitCodes.REFUSED, "invalid change history");
    // identity default with no identity creates the default one
    Path empty = dir.resolve("empty");
    assertThat(okIn(empty, "identity", "default")).isEqualTo("✔ The name of the default identity is 'default'");
  }

  @Test
  void vaultMove() throws Exception {
    Path local = dir.resolve("vaults");
    Path first = dir.resolve("v1.sqlite3");
    // the first vault without --path keeps its secrets in the database
    okIn(local, "vault", "create", "dbv");
    okIn(local, "vault", "create", "v1", "--path", first.toString());
    okIn(local, "identity", "create", "carol", "--vault", "v1");
    Path moved = dir.resolve("moved").resolve("v1.sqlite3");
    Run r = runIn(local, Map.of(), "vault", "move", "v1", "--path", moved.toString());
    assertThat(r.exitCode()).as(r.errText()).isZero();
    assertThat(r.errText()).contains("Moved the vault v1 to \"" + moved + "\"");
    assertThat(first).doesNotExist();
    assertThat(moved).exists();
    assertThat(new JsonObject(okIn(local, "vault", "show", "v1", "--output", "json")).encode()).contains(moved.toString());
    // the key moved with the vault: rotating signs with it
    assertThat(okIn(local, "identity", "rotate", "carol")).startsWith("I");
    // the database vault stays where it is
    Run db = runIn(local, Map.of(), "vault", "move", "dbv", "--path", dir.resolve("x.sqlite3").toString());
    assertError(db, ExitCodes.FAILURE, "cannot be moved");
  }

  @Test
  void rotateTellsTheRunningNodesAndReconnectClosesTheOldChannels() throws Exception {
    String id = ok("identity", "create", "rot");
    JsonObject node = new JsonObject(ok("node", "create", "nrot", "--identity", "rot", "--output", "json"));
    spawned.node(node);
    JsonObject ch = new JsonArray(ok("secure-channel", "create", "--from", "nrot", "--to", "/node/n1/secure/api",
      "--output", "json")).getJsonObject(0);
    String encryptor = ch.getString("encryptor");
    assertThat(ok("secure-channel", "list", "--at", "nrot", "--output", "json")).contains(encryptor);

    Run rotated = run("identity", "rotate", "rot", "--reconnect");
    assertThat(rotated.exitCode()).as(rotated.errText()).isZero();
    assertThat(rotated.text()).isEqualTo(id);
    assertThat(rotated.errText()).contains("node nrot proves the new key from now on; it re-establishes")
      .doesNotContain("node n1 proves");
    // the channel that proved the old key is gone; a new one proves the new key to n1
    assertThat(ok("secure-channel", "list", "--at", "nrot", "--output", "json")).doesNotContain(encryptor);
    JsonObject again = new JsonArray(ok("secure-channel", "create", "--from", "nrot", "--to", "/node/n1/secure/api",
      "--output", "json")).getJsonObject(0);
    assertThat(again.getString("identifier")).isEqualTo(id);
    assertThat(okIn(home, "node", "delete", "nrot", "--yes")).isNotEmpty();
  }

  @Test
  void tcpListenersAndConnections() throws Exception {
    String created = ok("tcp-listener", "create", "127.0.0.1:0", "--at", "n1");
    // the output is trimmed here
    assertThat(created).startsWith("✔ Tcp listener created! You can send messages to it via this route:\n    /dnsaddr/");
    String route = created.lines().toList().get(1).strip();
    assertThat(route).matches("/dnsaddr/localhost/tcp/\\d+");
    String port = route.substring(route.lastIndexOf('/') + 1);
    String socket = "127.0.0.1:" + port;
    JsonArray listeners = new JsonArray(ok("tcp-listener", "list", "--at", "n1", "--output", "json"));
    assertThat(listeners.stream().map(JsonObject.class::cast).filter(l -> l.getString("socket_addr").equals(socket)).toList())
      .singleElement().satisfies(l -> {
        assertThat(l.getString("type")).isEqualTo("Tcp");
        assertThat(l.getString("mode")).isEqualTo("Listen");
      });
    // as Rust: text on a terminal, JSON through a pipe
    assertThat(new JsonObject(ok("tcp-listener", "show", port, "--at", "n1")).getString("socket_addr")).isEqualTo(socket);

    // machine output when not a terminal: the worker route; JSON with Rust's fields
    assertThat(ok("tcp-connection", "create", "--from", "n2", "--to", socket)).matches("/worker/[0-9a-f]+");
    JsonObject conn = new JsonObject(ok("tcp-connection", "create", "--from", "n2", "-t", socket, "--output", "json"));
    assertThat(conn.fieldNames()).containsExactly("from", "to", "address");
    assertThat(conn.getString("from")).isEqualTo("n2");
    assertThat(conn.getString("to")).isEqualTo(socket);
    JsonArray conns = new JsonArray(ok("tcp-connection", "list", "--at", "n2", "--output", "json"));
    assertThat(conns.stream().map(JsonObject.class::cast).filter(c -> c.getString("socket_addr").equals(socket))
      .map(c -> c.getString("mode")).toList()).containsExactly("Outgoing");
    assertThat(ok("tcp-connection", "show", socket, "--at", "n2")).contains("Mode: Outgoing", "Socket address: " + socket);
    // as Rust's, the new listener has a flow of its own that no service consumes (flow-control add-consumer opens it:
    // FlowControlRelayIT), while the node's own listener reaches them
    assertThat(run("message", "send", "hi", "--from", "n2", "--to", "/ip4/127.0.0.1/tcp/" + port + "/service/echo",
      "--timeout", "3s").exitCode()).isNotZero();
    assertThat(ok("message", "send", "hi", "--from", "n2", "--to", "/node/n1/service/echo")).isEqualTo("hi");

    assertError(run("tcp-connection", "delete", socket, "--at", "n2"), ExitCodes.FAILURE, "Use --yes to confirm");
    // as Rust: no machine form, so through a pipe the JSON
    assertThat(new JsonObject(ok("tcp-connection", "delete", socket, "--at", "n2", "--yes")).getString("address")).isEqualTo(socket);
    assertThat(ok("tcp-connection", "list", "--at", "n2")).doesNotContain("Outgoing at " + socket);

    assertError(run("tcp-listener", "delete", port, "--at", "n1"), ExitCodes.FAILURE, "Use --yes to confirm");
    assertThat(new JsonObject(ok("tcp-listener", "delete", port, "--at", "n1", "--yes", "--output", "json")).getString("node")).isEqualTo("n1");
    assertError(run("tcp-listener", "delete", port, "--at", "n1", "--yes"), ExitCodes.FAILURE,
      "TCP listener with address " + port + " was not found on Node n1");
    assertThat(run("tcp-connection", "create", "--from", "n2", "--to", socket).exitCode()).isNotZero();
  }

  @Test
  void servicesAndMessagesFromANode() throws Exception {
    Run hop = run("service", "start", "hop", "--addr", "hop2", "--at", "n1");
    assertThat(hop.exitCode()).as(hop.errText()).isZero();
    assertThat(hop.errText()).contains("SECURITY WARNING: Don't use Hop service in production nodes", "Service started at address hop2");
    assertThat(run("service", "start", "echo", "--addr", "echo2", "--at", "n1").err()).contains("Service started at address echo2");
    assertThat(run("service", "start", "uppercase", "--addr", "up2", "--at", "n1").exitCode()).isZero();
    assertThat(run("service", "start", "echo", "--addr", "echo2", "--at", "n1").exitCode()).isNotZero();

    assertThat(ok("message", "send", "hi", "--to", "/node/n1/service/hop2/service/up2")).isEqualTo("HI");
    // the node sends it: a route from n1, and from n2 through a secure channel n2 opens
    assertThat(ok("message", "send", "hi", "--from", "n1", "--to", "/service/echo2")).isEqualTo("hi");
    assertThat(ok("message", "send", "hi", "-f", "n2", "-t", "/node/n1/secure/api/service/up2")).isEqualTo("HI");
    assertThat(ok("message", "send", "6869", "--hex", "--from", "/node/n2", "--to", "/node/n1/service/echo")).isEqualTo("6869");

    // a missing service: reported at once; tried again as OCKAM_COMMAND_RETRY_* says, unless --no-retry
    Map<String, String> retry = Map.of("OCKAM_COMMAND_RETRY_COUNT", "2", "OCKAM_COMMAND_RETRY_DELAY", "100ms");
    Run retried = runIn(home, retry, "message", "send", "hi", "--from", "n2", "--to", "/node/n1/service/nosuch", "--timeout", "5s");
    assertError(retried, ExitCodes.UNREACHABLE, "node 'n1' has no service 'nosuch'");
    assertThat(retried.errText()).contains("Will retry in 0 seconds", "Retrying...");
    Run once = runIn(home, retry, "message", "send", "hi", "--to", "/node/n1/service/nosuch", "--no-retry");
    assertError(once, ExitCodes.UNREACHABLE, "node 'n1' has no service 'nosuch'");
    assertThat(once.errText()).doesNotContain("Retrying");
    // a reply that does not come in time: --timeout
    Run slow = run("message", "send", "hi", "--from", "n2", "--to", "/ip4/127.0.0.1/tcp/9/service/echo", "--timeout", "1s");
    assertThat(slow.exitCode()).as(slow.err()).isNotZero();
  }

  @Test
  void secureChannelListenersIdentitiesAndCredentials() throws Exception {
    String other = ok("identity", "create", "other");
    assertThat(ok("secure-channel-listener", "create", "l2", "--at", "n1", "--identity", "other", "-a", admin)).isEqualTo("/service/l2");
    assertThat(run("secure-channel-listener", "create", "l2", "--at", "n1").exitCode()).isNotZero();
    assertError(run("secure-channel-listener", "create", "l3", "--at", "n1", "--identity", "nobody"), ExitCodes.FAILURE, "no identity named 'nobody'");
    // the output is trimmed here
    assertThat(ok("secure-channel-listener", "list", "--at", "n1")).contains("│ Listener at /service/api", "│ Listener at /service/l2");
    JsonObject l2 = new JsonObject(ok("secure-channel-listener", "show", "/service/l2", "--at", "n1", "--output", "json"));
    assertThat(l2.getString("identity")).isEqualTo("other");
    assertThat(l2.getJsonArray("authorized")).containsExactly(admin);
    // the listener's own flow control, as Rust's SecureChannelListener has it: the same in list, show, create and node show
    String l2Flow = l2.getString("flow_control_id");
    assertThat(l2Flow).matches("[0-9a-f]{32}");
    JsonArray listeners = new JsonArray(ok("secure-channel-listener", "list", "--at", "n1", "--output", "json"));
    Map<String, String> flows = listeners.stream().map(JsonObject.class::cast)
      .collect(java.util.stream.Collectors.toMap(l -> l.getString("address"), l -> l.getString("flow_control_id")));
    assertThat(flows).containsEntry("/service/l2", l2Flow);
    assertThat(flows.get("/service/api")).matches("[0-9a-f]{32}").isNotEqualTo(l2Flow);
    JsonObject l4 = new JsonArray(ok("secure-channel-listener", "create", "l4", "--at", "n1", "--output", "json")).getJsonObject(0);
    assertThat(l4.getString("address")).isEqualTo("/service/l4");
    assertThat(l4.getString("flow_control_id")).matches("[0-9a-f]{32}").isNotIn(flows.values());
    JsonObject n1 = new JsonObject(ok("node", "show", "n1", "--output", "json"));
    JsonObject shownL2 = n1.getJsonArray("secure_channel_listeners").stream().map(JsonObject.class::cast)
      .filter(l -> l.getString("address").equals("l2")).findFirst().orElseThrow();
    assertThat(shownL2.getString("flow_control_id")).isEqualTo(l2Flow);
    assertThat(shownL2.getBoolean("is_key_exchange_only")).isFalse();
    assertThat(ok("secure-channel-listener", "delete", "l4", "--at", "n1")).isEqualTo("l4");
    assertThat(ok("secure-channel-listener", "show", "l2", "--at", "n1")).isEqualTo("/service/l2");

    // the listener proves 'other'
    JsonObject ch = new io.vertx.core.json.JsonArray(ok("secure-channel", "create", "--from", "n2", "--to", "/node/n1/secure/l2",
      "-a", other, "--output", "json")).getJsonObject(0);
    assertThat(ch.getString("peer")).isEqualTo(other);
    // show, as Rust's: the route it was created along (the TCP hop as its connection) and the authorized identities
    JsonObject shownL2Channel = new JsonObject(ok("secure-channel", "show", ch.getString("encryptor"), "--at", "n2"));
    assertThat(shownL2Channel.getString("route")).matches("0#[0-9a-f]+ => 0#l2");
    assertThat(shownL2Channel.getJsonArray("authorized_identifiers")).containsExactly(other);
    assertThat(ok("message", "send", "hi", "--from", "n2", "--to", "/node/n1/secure/l2/service/echo")).isEqualTo("hi");
    // n2 proving 'other' instead of its own identity, with a credential presented
    String credential = ok("credential", "issue", "--as", "admin", "--for", other, "--attribute", "role=member", "--encoding", "hex");
    JsonObject withCredential = new io.vertx.core.json.JsonArray(ok("secure-channel", "create", "--from", "n2", "--to", "/node/n1/secure/api",
      "--identity", "other", "--credential", credential, "--output", "json")).getJsonObject(0);
    assertThat(withCredential.getString("identifier")).isEqualTo(other);
    assertThat(new JsonArray(ok("secure-channel", "list", "--at", "n2", "--output", "json")).stream().map(JsonObject.class::cast)
      .map(c -> c.getString("encryptor")).toList()).contains(withCredential.getString("encryptor"));
    // show: Rust's channel and flow_control_id; as Rust, a pipe gets the JSON (there is no machine form)
    JsonObject shownChannel = new JsonObject(ok("secure-channel", "show", withCredential.getString("encryptor"), "--at", "n2"));
    assertThat(shownChannel.getString("channel")).isEqualTo("0#" + withCredential.getString("encryptor"));
    assertThat(shownChannel.getString("flow_control_id")).matches("[0-9a-f]{32}");
    assertThat(shownChannel.getString("route")).matches("0#[0-9a-f]+ => 0#api");
    assertThat(shownChannel.containsKey("authorized_identifiers")).isTrue();
    assertThat(shownChannel.getJsonArray("authorized_identifiers")).isNull();
    assertThat(shownChannel.getString("identifier")).isEqualTo(other);
    assertError(run("secure-channel", "create", "--from", "n2", "--to", "/node/n1/secure/api", "-c", "zz"), ExitCodes.FAILURE, "Invalid credential hex");
    assertError(run("secure-channel", "create", "--from", "n2", "--to", "/node/n1/secure/api", "-c", "00"), ExitCodes.FAILURE, "Invalid credential");

    // an inlet whose channels prove 'other'
    try (EchoServer echo = new EchoServer()) {
      ok("tcp-outlet", "create", "--at", "n1", "--to", "127.0.0.1:" + echo.port(), "--from", "echo-out");
      JsonObject inlet = new JsonObject(ok("tcp-inlet", "create", "--at", "n2", "--from", "127.0.0.1:0", "--to",
        "/node/n1/secure/api/service/echo-out", "--identity", "other", "--alias", "as-other", "--output", "json"));
      PortalProbe.eventuallyEchoes(inlet.getString("from"), 30_000);
      assertThat(new JsonArray(ok("secure-channel", "list", "--at", "n2", "--output", "json")).stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("identifier").equals(other)).count()).isGreaterThanOrEqualTo(2);
      assertError(run("tcp-inlet", "create", "--at", "n2", "--to", "/node/n1/secure/api/service/echo-out", "--identity", "nobody"),
        ExitCodes.FAILURE, "no identity named 'nobody'");
      ok("tcp-inlet", "delete", "as-other", "--at", "n2", "--yes");
    }

    assertThat(ok("secure-channel-listener", "delete", "l2", "--at", "n1")).isEqualTo("l2");
    assertError(run("secure-channel-listener", "show", "l2", "--at", "n1"), ExitCodes.NOT_FOUND, "no secure channel listener");
    assertError(run("secure-channel-listener", "delete", "api", "--at", "n1"), ExitCodes.USAGE, "cannot be deleted");
  }

  @Test
  void aForegroundNodeExitsOnEndOfInputWithExitOnEof() throws Exception {
    Path local = dir.resolve("eof");
    // the harness closes the command's standard input at once: the node starts, then stops by itself
    Run fg = runIn(local, Map.of(), "node", "create", "fg", "-f", "-e", "-t", "127.0.0.1:0");
    assertThat(fg.exitCode()).as(fg.errText()).isZero();
    assertThat(fg.text()).contains("Node fg is running");
    assertThat(new JsonArray(okIn(local, "node", "list", "--output", "json")).getJsonObject(0).getJsonObject("status")
      .getString("status")).isEqualTo("stopped");
    assertError(runIn(local, Map.of(), "node", "create", "bg", "-e"), ExitCodes.USAGE, "--exit-on-eof needs --foreground");
  }

  @Test
  void anInletWaitsForItsOutletAsRustsDoes() throws Exception {
    // --retry-wait 0: a missing outlet fails at once
    Run missing = run("tcp-inlet", "create", "--at", "n2", "--to", "/node/n1/secure/api/service/not-yet", "--timeout", "1s",
      "--connection-wait", "1s", "--retry-wait", "0");
    assertError(missing, ExitCodes.UNREACHABLE, "did not answer");
    assertThat(missing.errText()).doesNotContain("Retrying");
    // by default it tries again until the outlet is there (the outlet comes after the command started)
    try (EchoServer echo = new EchoServer()) {
      CompletableFuture<Run> waiting = CliFixtures.async(() -> run("tcp-inlet", "create", "--at", "n2", "--from", "127.0.0.1:0",
        "--to", "/node/n1/secure/api/service/later", "--connection-wait", "1s", "--retry-wait", "300ms", "--alias", "waits",
        "--output", "json"), pool);
      ok("tcp-outlet", "create", "--at", "n1", "--to", "127.0.0.1:" + echo.port(), "--from", "later");
      Run created = waiting.get(120, TimeUnit.SECONDS);
      assertThat(created.exitCode()).as(created.err()).isZero();
      PortalProbe.eventuallyEchoes(new JsonObject(created.out()).getString("from"), 30_000);
      ok("tcp-inlet", "delete", "waits", "--at", "n2", "--yes");
      ok("tcp-outlet", "delete", "later", "--at", "n1", "--yes");
    }
  }

  @Test
  void nodeCreateWithAConfiguration() throws Exception {
    String config = "name: $NAME\nvariables: { PORT: 5999 }\ntcp-outlets:\n  db: { to: \"127.0.0.1:${PORT}\" }\n";
    Run created = run("node", "create", "--configuration", config, "--variable", "NAME=cfg1", "--variable", "PORT=6001");
    assertThat(created.exitCode()).as(created.err()).isZero();
    spawned.node(new JsonObject(ok("node", "show", "cfg1", "--output", "json")));
    JsonArray outlets = new JsonArray(ok("tcp-outlet", "list", "--at", "cfg1", "--output", "json"));
    assertThat(outlets.encode()).contains("127.0.0.1:6001");

    assertError(run("node", "create", "--configuration", "name: $MISSING_VARIABLE_X"), ExitCodes.FAILURE,
      "Failed to resolve variable 'MISSING_VARIABLE_X'");
    assertError(run("node", "create", "--configuration", "name: x", "--variable", "K"), ExitCodes.USAGE, "no `=` found in `K`");
    assertError(run("node", "create", "--configuration", "name: x", "--variable", "K="), ExitCodes.FAILURE, "Empty value for variable 'K'");
    assertThat(ok("node", "delete", "cfg1", "--yes")).isEqualTo("cfg1");
  }


}
