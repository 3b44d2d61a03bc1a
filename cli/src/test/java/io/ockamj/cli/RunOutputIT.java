package io.ockamj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ockamj.cli.CliFixtures.EchoServer;
import io.ockamj.cli.OckamCli.Run;
import io.ockamj.testing.PortalProbe;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code ockam run} and {@code ockam node delete --all} print, as Rust 0.139's: {@code run} prints
 * what each create command it runs prints (identities, nodes, relays, TCP outlets, TCP inlets, in that
 * order), each followed by an empty line on standard error; text on a terminal, the machine forms through
 * a pipe and the JSON values with {@code --output json}, one after the other. {@code node delete --all}
 * prints one result per node. Real background nodes on 127.0.0.1 in a temporary {@code $OCKAM_HOME}.
 */
class RunOutputIT {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir
  Path home;

  private final OckamCli.Spawned spawned = new OckamCli.Spawned();
  private EchoServer echo;

  @BeforeEach
  void echoServer() throws Exception {
    echo = new EchoServer();
  }

  @AfterEach
  void tearDown() throws Exception {
    echo.close();
    spawned.close();
  }

  private OckamCli tty() {
    return OckamCli.home(home).tty(true);
  }

  private OckamCli pipe() {
    return OckamCli.home(home).tty(false);
  }

  /** JSON values written one after the other, as Rust writes several results through a pipe. */
  static List<JsonObject> values(String text) throws Exception {
    List<JsonObject> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNext()) {
        out.add(new JsonObject(MAPPER.writeValueAsString(it.next())));
      }
    }
    return out;
  }

  /** The pids that the nodes' lines of a terminal's text name. */
  private void track(String text) {
    Matcher m = Pattern.compile("\n  pid         (\\d+)\n").matcher(text);
    while (m.find()) {
      spawned.pid(Long.parseLong(m.group(1)));
    }
  }

  private Path portalFile() throws Exception {
    return Files.writeString(home.resolve("portal.yaml"), String.join("\n",
      "identities: [ops]",
      "nodes:",
      "  relay: { tcp-listener-address: 127.0.0.1:0 }",
      "  server:",
      "    identity: ops",
      "    relays: { db: { at: relay } }",
      "    tcp-outlets: { db: { to: 127.0.0.1:" + echo.port() + " } }",
      "  client:",
      "    tcp-inlets: { db: { from: 127.0.0.1:0, via: db } }",
      ""));
  }

  private static final String NODE = "Node (\\w+) (created|started) and running\n  address     127\\.0\\.0\\.1:\\d+\n"
    + "  identifier  I[0-9a-f]{64}\n  pid         \\d+\n";

  @Test
  void runPrintsEachCommandsOwnOutputOnATerminalThroughAPipeAndAsJson() throws Exception {
    Path file = portalFile();

    // a terminal: each command's text, in Rust's order; an empty line on stderr after each
    Run first = tty().run("run", file.toString());
    track(first.out());
    assertThat(first.exitCode()).as(first.err()).isZero();
    String out = first.out();
    Matcher id = Pattern.compile("^  ✔ Identity (I[0-9a-f]{64}) \n    created successfully as ops\n").matcher(out);
    assertThat(id.find()).as(out).isTrue();
    String rest = out.substring(id.end());
    Matcher nodes = Pattern.compile("^" + NODE.replace("(\\w+)", "relay") + NODE.replace("(\\w+)", "server")
      + NODE.replace("(\\w+)", "client")).matcher(rest);
    assertThat(nodes.find()).as(out).isTrue();
    String from = pipe().json("tcp-inlet", "show", "db", "--at", "client", "--output", "json").getString("from");
    String route = "/node/relay/service/forward_to_db/secure/api/service/db";
    assertThat(rest.substring(nodes.end())).isEqualTo(
      "Created relay 'db' for node server at /node/relay (UP)\n  the node is reachable as /node/relay/service/forward_to_db\n"
      + "Created a new TCP Outlet in the Node server at /service/db bound to 127.0.0.1:" + echo.port()
      + "\n  inlets reach it at /node/server/secure/api/service/db\n"
      + "Created TCP inlet 'db' on node client, listening on " + from + "\n  -> " + route + "\n");
    // seven commands ran (identity, 3 nodes, relay, outlet, inlet): seven empty lines on stderr (the spinners clear their own line)
    assertThat(java.util.Arrays.stream(first.err().split("\n")).filter(l -> l.substring(l.lastIndexOf('\r') + 1).isBlank()).count())
      .as(first.err()).isEqualTo(7);
    assertThat(PortalProbe.roundTrip(from, "through run's portal")).isEqualTo("through run's portal");

    // the same text as the command prints alone
    Run alone = tty().run("tcp-outlet", "create", "--at", "server", "--from", "db2", "--to", "127.0.0.1:" + echo.port());
    assertThat(alone.out()).isEqualTo("Created a new TCP Outlet in the Node server at /service/db2 bound to 127.0.0.1:" + echo.port()
      + "\n  inlets reach it at /node/server/secure/api/service/db2\n");

    // again: everything is there, nothing is created, nothing printed on stdout (ours: notices on stderr)
    Run again = pipe().run("run", file.toString());
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).isEmpty();
    assertThat(again.err()).contains("  > The identity ops exists; kept as it is", "  > The node relay is running",
      "  > The relay db of node server at /node/relay exists (UP)", "  > The TCP Outlet db of node server to 127.0.0.1:",
      "  > The TCP Inlet db of node client on " + from + " exists");

    // node delete --all through a pipe: each node's machine form (its name), a line each (Rust runs them
    // together), no line end after the last, as Rust
    Run deleted = pipe().run("node", "delete", "--all", "--yes");
    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    assertThat(deleted.out()).doesNotEndWith("\n");
    assertThat(deleted.out().lines()).containsExactlyInAnyOrder("relay", "server", "client");

    // through a pipe: the machine forms, a line each (Rust runs them together)
    Run piped = pipe().run("run", file.toString());
    assertThat(piped.exitCode()).as(piped.err()).isZero();
    for (String n : List.of("relay", "server", "client")) {
      spawned.node(pipe().json("node", "show", n, "--output", "json"));
    }
    String from2 = pipe().json("tcp-inlet", "show", "db", "--at", "client", "--output", "json").getString("from");
    // the identity exists: only the nodes, the relay, the outlet and the inlet
    assertThat(piped.out()).isEqualTo("relay\nserver\nclient\n/service/forward_to_db\n/service/db\n" + from2);
    PortalProbe.eventuallyEchoes(from2, 30_000);
    assertThat(pipe().run("node", "delete", "--all", "--yes").exitCode()).isZero();

    // --output json: each command's JSON value, one after the other
    Run json = pipe().run("run", file.toString(), "--output", "json");
    assertThat(json.exitCode()).as(json.err()).isZero();
    List<JsonObject> all = values(json.out());
    assertThat(all).hasSize(6);
    for (JsonObject n : all.subList(0, 3)) {
      spawned.node(n);
    }
    assertThat(all.subList(0, 3)).extracting(o -> o.getString("name")).containsExactly("relay", "server", "client");
    assertThat(all.subList(0, 3)).allSatisfy(o -> assertThat(o.getString("status")).isEqualTo("running"));
    // as if created one after the other: the first node became the default, the others did not
    assertThat(all.subList(0, 3)).extracting(o -> o.getBoolean("is_default")).containsExactly(true, false, false);
    assertThat(all.get(3).getString("name")).isEqualTo("db");
    assertThat(all.get(3).getString("remote_address")).isEqualTo("forward_to_db");
    assertThat(all.get(4).getString("worker_addr")).isEqualTo("/service/db");
    assertThat(all.get(4).getString("to")).isEqualTo("127.0.0.1:" + echo.port());
    assertThat(all.get(5).getString("alias")).isEqualTo("db");
    assertThat(all.get(5).getString("outlet_addr")).isEqualTo(route);
    assertThat(all.get(5).getJsonArray("authorized")).containsExactly(all.get(1).getString("identifier"));
    PortalProbe.eventuallyEchoes(all.get(5).getString("bind_addr"), 30_000);
  }

  @Test
  void aFailureHalfWayEndsTheRunAndKeepsWhatWasCreated() throws Exception {
    JsonObject taken = spawned.node(pipe().json("node", "create", "taken", "--output", "json"));
    Path file = Files.writeString(home.resolve("clash.yaml"), String.join("\n",
      "identities: [late]",
      "nodes:",
      "  clash: { tcp-listener-address: " + taken.getString("address") + " }",
      ""));
    Run failed = tty().run("run", file.toString());
    assertThat(failed.exitCode()).as(failed.err()).isEqualTo(ExitCodes.FAILURE);
    assertThat(failed.err()).contains("Address already in use");
    // the identity's output was printed before the failure, and the identity stays
    assertThat(failed.out()).matches("  ✔ Identity I[0-9a-f]{64} \n    created successfully as late\n");
    assertThat(pipe().ok("identity", "show", "late")).startsWith("I");
  }

  @Test
  void nodeDeleteAllPrintsOneResultPerNodeAsRust() throws Exception {
    // nothing to delete: Rust's notice on a terminal, [] as JSON
    assertThat(tty().ok("node", "delete", "--all", "--yes")).isEqualTo("  > There are no nodes to delete\n");
    assertThat(pipe().ok("node", "delete", "--all", "--yes", "--output", "json")).isEqualTo("[]");

    for (String n : List.of("a", "b")) {
      spawned.node(pipe().json("node", "create", n, "--output", "json"));
    }
    Run json = pipe().run("node", "delete", "--all", "--yes", "--output", "json", "--force");
    assertThat(json.exitCode()).as(json.err()).isZero();
    assertThat(json.err()).contains("  ! --force is deprecated. This flag has no effect");
    // serde_json's pretty layout, one object per node, each on lines of its own (Rust runs them together)
    assertThat(json.out()).isIn("{\n  \"name\": \"a\"\n}\n{\n  \"name\": \"b\"\n}", "{\n  \"name\": \"b\"\n}\n{\n  \"name\": \"a\"\n}");
    List<JsonObject> values = values(json.out());
    assertThat(values).extracting(o -> o.getString("name")).containsExactlyInAnyOrder("a", "b");
    assertThat(values).allSatisfy(o -> assertThat(o.fieldNames()).containsExactly("name"));
    for (long pid : spawned.pids()) {
      assertThat(OckamCli.Spawned.alive(pid)).as("pid %d", pid).isFalse();
    }

    // a terminal: a line per node
    for (String n : List.of("a", "b")) {
      spawned.node(pipe().json("node", "create", n, "--output", "json"));
    }
    Run text = tty().run("node", "delete", "--all", "--yes");
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out().lines()).containsExactlyInAnyOrder("  ✔ The node with name a has been deleted",
      "  ✔ The node with name b has been deleted");
    assertThat(pipe().ok("node", "delete", "--all", "--yes", "--output", "json")).isEqualTo("[]");
  }
}
