package io.ockamj.cli;

import static io.ockamj.cli.CliFixtures.uncheck;

import io.ockamj.cli.OckamCli.Run;
import io.ockamj.testing.Await;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Background nodes as a user runs them: real processes in a temporary {@code $OCKAM_HOME}.
 */
class NodeLifecycleIT {

  @TempDir
  Path home;

  private final OckamCli.Spawned spawned = new OckamCli.Spawned();

  private Run run(Path stateDir, String... args) throws Exception {
    return OckamCli.home(stateDir).run(args);
  }

  private Run run(String... args) throws Exception {
    return run(home, args);
  }

  /** Runs a command as if stdout were a terminal (OCKAM_TTY=true), to see its plain text. */
  private Run runOnTerminal(String... args) throws Exception {
    return OckamCli.home(home).env(Map.of("OCKAM_TTY", "true")).run(args);
  }

  private JsonObject create(String name, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("node", "create", name, "--output", "json"));
    args.addAll(List.of(extra));
    return spawned.node(new JsonObject(run(args.toArray(new String[0])).assertOk().out()));
  }

  private JsonArray list() throws Exception {
    return OckamCli.home(home).jsonArray("node", "list", "--output", "json");
  }

  /** A node's status in 'node list --output json': Rust's {"status": {"status": ..., "pid": ...}}. */
  private static String status(JsonObject listed) {
    return listed.getJsonObject("status").getString("status");
  }

  private static JsonObject find(JsonArray nodes, String name) {
    for (Object o : nodes) {
      if (((JsonObject) o).getString("node_name").equals(name)) {
        return (JsonObject) o;
      }
    }
    return null;
  }

  private static boolean alive(long pid) {
    return OckamCli.Spawned.alive(pid);
  }

  @BeforeEach
  void identity() throws Exception {
    // creates the database and the default identity once, so that nodes can start in parallel
    assertThat(run("identity", "create", "admin").exitCode()).isZero();
  }

  @AfterEach
  void killLeftovers() {
    spawned.close();
  }

  @Test
  void createListStopStartDeleteAll() throws Exception {
    long t0 = System.nanoTime();
    JsonObject n1 = create("n1");
    long firstMs = (System.nanoTime() - t0) / 1_000_000;
    CompletableFuture<JsonObject> f2 = CompletableFuture.supplyAsync(() -> uncheck(() -> create("n2")));
    CompletableFuture<JsonObject> f3 = CompletableFuture.supplyAsync(() -> uncheck(() -> create("n3")));
    JsonObject n2 = f2.get(120, TimeUnit.SECONDS);
    JsonObject n3 = f3.get(120, TimeUnit.SECONDS);
    System.out.println("node create to ready: " + firstMs + " ms (n1, reported " + n1.getLong("ready_ms") + " ms)");
    for (JsonObject n : List.of(n1, n2, n3)) {
      assertThat(n.getString("address")).startsWith("127.0.0.1:");
      assertThat(n.getString("identifier")).matches("I[0-9a-f]{64}");
      assertThat(alive(n.getLong("pid"))).isTrue();
      assertThat(home.resolve("nodes").resolve(n.getString("name")).resolve("stdout.log")).exists();
    }
    long rssKb = Long.parseLong(new String(new ProcessBuilder("ps", "-o", "rss=", "-p", String.valueOf(n1.getLong("pid")))
      .start().getInputStream().readAllBytes()).trim());
    System.out.println("RSS of an idle background node: " + rssKb / 1024 + " MiB");

    JsonArray nodes = list();
    assertThat(nodes).hasSize(3);
    assertThat(nodes.stream().map(o -> status((JsonObject) o))).containsOnly("running");
    assertThat(find(nodes, "n1").getBoolean("is_default")).isTrue();

    Run show = run("node", "show", "n2");
    assertThat(show.exitCode()).isZero();
    assertThat(show.text()).contains("running", n2.getString("address"), "_internal.nodemanager", "echo");

    // stop one: its process ends and it is reported stopped
    Run stop = run("node", "stop", "n2");
    assertThat(stop.exitCode()).as(stop.err()).isZero();
    assertThat(alive(n2.getLong("pid"))).isFalse();
    assertThat(status(find(list(), "n2"))).isEqualTo("stopped");
    run("node", "stop", "n2").assertOneLineError(ExitCodes.FAILURE, "not running");

    // start it again: same identity, same listener, a new process
    Run start = run("node", "start", "n2", "--output", "json");
    assertThat(start.exitCode()).as(start.err()).isZero();
    JsonObject again = new JsonObject(start.out());
    spawned.pid(again.getLong("pid"));
    assertThat(again.getString("identifier")).isEqualTo(n2.getString("identifier"));
    assertThat(again.getString("address")).isEqualTo(n2.getString("address"));
    assertThat(again.getLong("pid")).isNotEqualTo(n2.getLong("pid"));
    // starting it while it runs: Rust's notice on stdout, and success
    Run twice = run("node", "start", "n2");
    assertThat(twice.exitCode()).as(twice.err()).isZero();
    assertThat(twice.out()).contains("The node 'n2' is already running", "ockam node stop n2");
    assertThat(alive(again.getLong("pid"))).isTrue();

    // a node killed without cleanup is stopped in the JSON, as in Rust ('died' in the text)
    ProcessHandle.of(n3.getLong("pid")).ifPresent(ProcessHandle::destroyForcibly);
    Await.until("n3 killed", () -> !alive(n3.getLong("pid")), Duration.ofSeconds(30));
    assertThat(status(find(list(), "n3"))).isEqualTo("stopped");

    // port in use: the stopped node's port is taken by n1
    run("node", "create", "n4", "--tcp-listener-address", n1.getString("address")).assertOneLineError(ExitCodes.FAILURE,
      "Address already in use");

    Run status = run("status", "--output", "json");
    assertThat(status.exitCode()).isZero();
    assertThat(new JsonObject(status.out()).getJsonArray("nodes")).hasSize(3);

    Run delete = run("node", "delete", "--all", "--yes");
    assertThat(delete.exitCode()).as(delete.err()).isZero();
    // not a terminal: each deleted node's machine form (its name), one after the other, as Rust
    assertThat(delete.text()).contains("n1", "n2", "n3");
    assertThat(list()).isEmpty();
    for (long pid : spawned.pids()) {
      assertThat(alive(pid)).as("pid %d", pid).isFalse();
    }
    assertThat(home.resolve("nodes").resolve("n1")).doesNotExist();
  }

  @Test
  void badInputGivesOneLineAndTheRightExitCode() throws Exception {
    // as Rust's show and delete flows: with no node at all there is nothing to show or delete (exit 0, an
    // empty list through a pipe); a missing name among existing nodes is an error (RustBehaviourIT)
    assertThat(run("node", "show", "nope").assertOk().text()).isEqualTo("[]");
    run("node", "stop", "nope").assertOneLineError(ExitCodes.NOT_FOUND, "Unable to find node named nope");
    run("node", "start", "nope").assertOneLineError(ExitCodes.NOT_FOUND, "Unable to find node named nope");
    assertThat(run("node", "delete", "nope").assertOk().text()).isEqualTo("[]");
    run("node", "logs", "nope").assertOneLineError(ExitCodes.NOT_FOUND, "Unable to find node named nope");
    run("node", "default").assertOneLineError(ExitCodes.NOT_FOUND, "no default node");
    run("node", "create", "bad/name").assertOneLineError(ExitCodes.USAGE, "invalid node name");
    run("node", "create", "n", "--tcp-listener-address", "127.0.0.1:99999").assertOneLineError(ExitCodes.USAGE, "invalid TCP address");
    run("node", "create", "n", "--admin", "Inothex").assertOneLineError(ExitCodes.USAGE, "invalid --admin");
    assertThat(run("node", "delete").assertOk().text()).isEqualTo("[]");
    Run xml = run("node", "list", "--output", "xml");
    assertThat(xml.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(xml.errText().lines().toList()).containsExactly(
      "error: Invalid value for option '--output': expected one of [plain, json] (case-sensitive) but was 'xml'",
      "For more information, try 'ockam node list --help'.");
    run("reset").assertOneLineError(ExitCodes.USAGE, "--yes");

    // an OCKAM_HOME below a regular file cannot be created
    Path file = Files.writeString(home.resolve("a-file"), "x");
    Run unwritable = run(file.resolve("home"), "node", "create", "n1");
    assertThat(unwritable.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(unwritable.errText()).startsWith("error: ").contains(file.toString()).doesNotContain("\n");
  }

  @Test
  void workerListShowsTheNodesWorkers() throws Exception {
    create("w1");
    Run r = run("worker", "list", "--at", "w1", "--output", "json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonArray workers = new JsonArray(r.out());
    Set<String> addresses = new HashSet<>();
    for (Object o : workers) {
      JsonObject w = (JsonObject) o;
      assertThat(w.getString("node")).isEqualTo("w1");
      assertThat(w.getJsonArray("addresses").getList()).contains(w.getString("address"));
      assertThat(w.getString("kind")).isIn("worker", "processor");
      assertThat(w.getString("type")).isNotBlank();
      addresses.add(w.getString("address"));
    }
    assertThat(addresses).contains("echo", "uppercase", "hop", "api", "_internal.nodemanager");
    assertThat(workers.stream().map(o -> ((JsonObject) o).getString("kind"))).contains("processor");

    // the plain form lists the same addresses, under a header; /node/NAME names the node too
    Run plain = runOnTerminal("worker", "list", "--at", "/node/w1");
    assertThat(plain.exitCode()).as(plain.err()).isZero();
    assertThat(plain.text().lines().findFirst().orElseThrow()).startsWith("ADDRESS").contains("KIND", "TYPE");
    assertThat(plain.text()).contains("echo", "_internal.nodemanager", "processor");
    assertThat(plain.text().lines().count()).isEqualTo(workers.size() + 1);
    // the default node is w1
    assertThat(run("worker", "list", "--output", "json").exitCode()).isZero();

    run("worker", "list", "--at", "nope").assertOneLineError(ExitCodes.NOT_FOUND, "Unable to find node named nope");
    Run xml = run("worker", "list", "--at", "w1", "--output", "xml");
    assertThat(xml.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(xml.errText()).startsWith("error: Invalid value for option '--output'").endsWith("try 'ockam worker list --help'.");
    assertThat(run("node", "stop", "w1").exitCode()).isZero();
    run("worker", "list", "--at", "w1").assertOneLineError(ExitCodes.UNREACHABLE, "not running");
  }

  @Test
  void aStoppedOrKilledNodesNameIsTakenAgain() throws Exception {
    JsonObject first = create("again");
    Run outlet = run("tcp-outlet", "create", "--at", "again", "--to", "127.0.0.1:7", "--from", "db");
    assertThat(outlet.exitCode()).as(outlet.err()).isZero();

    // a running node's name is refused, as in Rust
    run("node", "create", "again").assertOneLineError(ExitCodes.FAILURE, "'again' has already been created and is running");
    assertThat(alive(first.getLong("pid"))).isTrue();

    // stopped: created anew, a new node without the old one's outlet
    assertThat(run("node", "stop", "again").exitCode()).isZero();
    JsonObject second = create("again");
    assertThat(second.getLong("pid")).isNotEqualTo(first.getLong("pid"));
    assertThat(status(find(list(), "again"))).isEqualTo("running");
    assertThat(find(list(), "again").getBoolean("is_default")).isTrue();
    Run outlets = run("tcp-outlet", "list", "--at", "again", "--output", "json");
    assertThat(outlets.exitCode()).as(outlets.err()).isZero();
    assertThat(new JsonArray(outlets.out())).isEmpty();

    // killed with SIGKILL (its record still names the dead pid): created anew too
    ProcessHandle h = ProcessHandle.of(second.getLong("pid")).orElseThrow();
    h.destroyForcibly();
    Await.until("the node killed", () -> !alive(h.pid()), Duration.ofSeconds(30));
    assertThat(status(find(list(), "again"))).isEqualTo("stopped");
    JsonObject third = create("again", "--tcp-listener-address", second.getString("address"));
    assertThat(third.getString("address")).isEqualTo(second.getString("address"));
    assertThat(list()).hasSize(1);
    Run send = run("message", "send", "hi", "--to", "/node/again/service/echo");
    assertThat(send.exitCode()).as(send.err()).isZero();
    assertThat(send.text()).isEqualTo("hi");
  }

  @Test
  void nodeNamesAreCheckedAsRustChecksThem() throws Exception {
    // Rust Ockam 0.139 refuses any character but word characters and '-'
    run("node", "create", "a.b").assertOneLineError(ExitCodes.USAGE, "invalid node name 'a.b': use letters, digits, '_' and '-' only");
    run("node", "create", "a b").assertOneLineError(ExitCodes.USAGE, "invalid node name 'a b'");
    assertThat(list()).isEmpty();
    create("_Node-1");
    assertThat(find(list(), "_Node-1")).isNotNull();
  }

  @Test
  void resetStopsNodesAndDeletesTheState() throws Exception {
    JsonObject n = create("r1");
    Run reset = run("reset", "--yes");
    assertThat(reset.exitCode()).as(reset.err()).isZero();
    // the output is trimmed here
    assertThat(reset.text()).startsWith("✔ Local Ockam configuration deleted\n").contains("stopped 1 node");
    assertThat(alive(n.getLong("pid"))).isFalse();
    try (var s = Files.list(home)) {
      assertThat(s.toList()).isEmpty();
    }
    assertThat(run("node", "list").text()).isEqualTo("[]");
  }

}
