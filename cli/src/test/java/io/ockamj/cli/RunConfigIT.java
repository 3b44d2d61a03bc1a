package io.ockamj.cli;

import io.ockamj.cli.CliFixtures.EchoServer;
import io.ockamj.cli.OckamCli.Run;
import io.ockamj.testing.PortalProbe;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ockam run FILE} and {@code ockam node create FILE} with real background nodes in a temporary
 * {@code $OCKAM_HOME}: one file describes a relay node, a server node with a relay and an outlet to an
 * echo server, and a client node with an inlet through the relay; bytes flow through the inlet, running
 * the file again changes nothing, and a stopped node is started again.
 */
class RunConfigIT {

  @TempDir
  Path home;

  private final OckamCli.Spawned spawned = new OckamCli.Spawned();
  private EchoServer echo;

  private Run run(String... args) throws Exception {
    return OckamCli.home(home).run(args);
  }

  private JsonObject json(String... args) throws Exception {
    return OckamCli.home(home).json(args);
  }

  @BeforeEach
  void echoServer() throws IOException {
    echo = new EchoServer();
  }

  @AfterEach
  void tearDown() throws IOException {
    echo.close();
    spawned.close();
  }

  @Test
  void aFileBringsUpARelayAnOutletAndAnInletThroughWhichBytesFlow() throws Exception {
    Path file = home.resolve("portal.yaml");
    Files.writeString(file, String.join("\n",
      "nodes:",
      "  relay: { tcp-listener-address: 127.0.0.1:0 }",
      "  server:",
      "    relays: [ { name: db, at: /node/relay } ]",
      "    tcp-outlets: { db: { to: 127.0.0.1:" + echo.port() + " } }",
      "  client:",
      "    tcp-inlets: { db: { from: 127.0.0.1:0, via: db } }",
      ""));

    long t0 = System.nanoTime();
    Run ran = run("run", file.toString(), "--output", "json");
    System.out.println("run: three nodes, outlet, relay and inlet in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    assertThat(ran.exitCode()).as(ran.err()).isZero();
    // as Rust: each create command's JSON, one after the other (nodes, relay, outlet, inlet)
    List<JsonObject> first = RunOutputIT.values(ran.out());
    assertThat(first).hasSize(6);
    List<JsonObject> nodes = first.subList(0, 3);
    assertThat(nodes.stream().map(n -> n.getString("name"))).containsExactly("relay", "server", "client");
    for (JsonObject n : nodes) {
      assertThat(n.getString("status")).isEqualTo("running");
      spawned.node(n);
    }
    JsonObject server = nodes.get(1);
    JsonObject relay = first.get(3);
    assertThat(relay.getString("name")).isEqualTo("db");
    assertThat(relay.getString("node")).isEqualTo("server");
    assertThat(relay.getString("state")).isEqualTo("UP");
    assertThat(first.get(4).getString("worker_addr")).isEqualTo("/service/db");
    assertThat(first.get(4).getString("to")).isEqualTo("127.0.0.1:" + echo.port());
    JsonObject inlet = first.get(5);
    assertThat(inlet.getString("alias")).isEqualTo("db");
    assertThat(inlet.getString("to")).isEqualTo("/node/relay/service/forward_to_db/secure/api/service/db");
    assertThat(inlet.getJsonArray("authorized")).containsExactly(server.getString("identifier"));
    String from = inlet.getString("from");
    assertThat(from).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:0");
    assertThat(PortalProbe.roundTrip(from, "hello through the file's portal")).isEqualTo("hello through the file's portal");

    // again: everything is there already, nothing changes (nothing created, nothing printed), bytes still flow
    Run again = OckamCli.home(home).tty(true).run("run", file.toString());
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).isEmpty();
    // ours: what is kept is noted on stderr
    assertThat(again.err()).contains("The node relay is running", "The node server is running", "The node client is running",
      "The TCP Outlet db of node server to 127.0.0.1:" + echo.port() + " exists", "The relay db of node server at /node/relay exists",
      "The TCP Inlet db of node client on " + from + " exists");
    assertThat(PortalProbe.roundTrip(from, "still there")).isEqualTo("still there");

    // --at takes NAME and /node/NAME
    assertThat(json("tcp-inlet", "show", "db", "--at", "/node/client", "--output", "json").getString("from")).isEqualTo(from);
    assertThat(json("node", "show", "--at", "server", "--output", "json").getString("identifier"))
      .isEqualTo(server.getString("identifier"));

    // a stopped node is started again by 'node create FILE', with what it stored: only it is printed
    assertThat(run("node", "stop", "--at", "server").exitCode()).isZero();
    Run restarted = run("node", "create", file.toString(), "--output", "json");
    assertThat(restarted.exitCode()).as(restarted.err()).isZero();
    List<JsonObject> printed = RunOutputIT.values(restarted.out());
    assertThat(printed).hasSize(1);
    JsonObject s2 = spawned.node(printed.get(0));
    assertThat(s2.getString("name")).isEqualTo("server");
    assertThat(s2.getString("status")).isEqualTo("running");
    // with what it stored: its outlet and relay are there again, kept
    assertThat(restarted.err()).contains("The node relay is running", "The TCP Outlet db of node server", "The relay db of node server");
    PortalProbe.eventuallyEchoes(from, 30_000);

    // a file that differs from what runs says what to delete
    Path other = home.resolve("other.yaml");
    Files.writeString(other, Files.readString(file).replace("to: 127.0.0.1:" + echo.port(), "to: 127.0.0.1:1"));
    Run conflict = run("run", other.toString());
    assertThat(conflict.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(conflict.error()).isEqualTo("error: " + other + ": nodes.server.tcp-outlets.db: node server already has TCP outlet 'db' to 127.0.0.1:"
      + echo.port() + ", not 127.0.0.1:1; delete it with 'ockam tcp-outlet delete db --at server' and run the file again");

    Run delete = run("node", "delete", "--all", "--yes");
    assertThat(delete.exitCode()).as(delete.err()).isZero();
    // each deleted node's machine form (its name), one after the other, as Rust
    assertThat(delete.text()).contains("relay", "server", "client");
    for (long pid : spawned.pids()) {
      assertThat(OckamCli.Spawned.alive(pid)).as("pid %d", pid).isFalse();
    }
    assertThat(new JsonArray(run("node", "list", "--output", "json").out())).isEmpty();
  }
}
