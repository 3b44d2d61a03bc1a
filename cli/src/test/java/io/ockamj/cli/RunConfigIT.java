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

  private static JsonObject byName(JsonArray a, String key, String value) {
    return a.stream().map(JsonObject.class::cast).filter(o -> value.equals(o.getString(key))).findFirst()
      .orElseThrow(() -> new AssertionError("no " + key + " " + value + " in " + a.encode()));
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
    JsonObject first = json("run", file.toString(), "--output", "json");
    System.out.println("run: three nodes, outlet, relay and inlet in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    JsonArray nodes = first.getJsonArray("nodes");
    assertThat(nodes.stream().map(o -> ((JsonObject) o).getString("name"))).containsExactly("relay", "server", "client");
    for (Object o : nodes) {
      JsonObject n = (JsonObject) o;
      assertThat(n.getString("action")).isEqualTo("created");
      assertThat(n.getString("status")).isEqualTo("running");
      spawned.node(n);
    }
    JsonObject server = byName(nodes, "name", "server");
    assertThat(byName(first.getJsonArray("tcp_outlets"), "address", "db").getString("to")).isEqualTo("127.0.0.1:" + echo.port());
    JsonObject relay = byName(first.getJsonArray("relays"), "name", "db");
    assertThat(relay.getString("node")).isEqualTo("server");
    assertThat(relay.getString("state")).isEqualTo("UP");
    JsonObject inlet = byName(first.getJsonArray("tcp_inlets"), "alias", "db");
    assertThat(inlet.getString("to")).isEqualTo("/node/relay/service/forward_to_db/secure/api/service/db");
    assertThat(inlet.getJsonArray("authorized")).containsExactly(server.getString("identifier"));
    String from = inlet.getString("from");
    assertThat(from).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:0");
    assertThat(PortalProbe.roundTrip(from, "hello through the file's portal")).isEqualTo("hello through the file's portal");

    // again: everything is there already, nothing changes, bytes still flow
    Run again = OckamCli.home(home).tty(true).run("run", file.toString());
    assertThat(again.exitCode()).as(again.err()).isZero();
    // one line per resource, as a terminal gets it
    assertThat(again.text()).startsWith("✔ ").contains("\n  ✔ TCP outlet 'db' on node server");
    assertThat(again.text()).contains("Node relay was already running", "Node server was already running",
      "Node client was already running", "TCP outlet 'db' on node server", "(exists)", "TCP inlet 'db' on node client, listening on " + from);
    assertThat(again.text()).doesNotContain("(created)");
    assertThat(PortalProbe.roundTrip(from, "still there")).isEqualTo("still there");

    // --at takes NAME and /node/NAME
    assertThat(json("tcp-inlet", "show", "db", "--at", "/node/client", "--output", "json").getString("from")).isEqualTo(from);
    assertThat(json("node", "show", "--at", "server", "--output", "json").getString("identifier"))
      .isEqualTo(server.getString("identifier"));

    // a stopped node is started again by 'node create FILE', with what it stored
    assertThat(run("node", "stop", "--at", "server").exitCode()).isZero();
    JsonObject restarted = json("node", "create", file.toString(), "--output", "json");
    JsonObject s2 = byName(restarted.getJsonArray("nodes"), "name", "server");
    spawned.node(s2);
    assertThat(s2.getString("action")).isEqualTo("started");
    assertThat(byName(restarted.getJsonArray("nodes"), "name", "relay").getString("action")).isEqualTo("running");
    assertThat(byName(restarted.getJsonArray("tcp_outlets"), "address", "db").getString("action")).isEqualTo("exists");
    assertThat(byName(restarted.getJsonArray("relays"), "name", "db").getString("action")).isEqualTo("exists");
    PortalProbe.eventuallyEchoes(from, 30_000);

    // a file that differs from what runs says what to delete
    Path other = home.resolve("other.yaml");
    Files.writeString(other, Files.readString(file).replace("to: 127.0.0.1:" + echo.port(), "to: 127.0.0.1:1"));
    Run conflict = run("run", other.toString());
    assertThat(conflict.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(conflict.errText()).isEqualTo("error: " + other + ": nodes.server.tcp-outlets.db: node server already has TCP outlet 'db' to 127.0.0.1:"
      + echo.port() + ", not 127.0.0.1:1; delete it with 'ockam tcp-outlet delete db --at server' and run the file again");

    Run delete = run("node", "delete", "--all", "--yes");
    assertThat(delete.exitCode()).as(delete.err()).isZero();
    assertThat(delete.text().lines()).contains("relay", "server", "client");
    for (long pid : spawned.pids()) {
      assertThat(OckamCli.Spawned.alive(pid)).as("pid %d", pid).isFalse();
    }
    assertThat(new JsonArray(run("node", "list", "--output", "json").out())).isEmpty();
  }
}
