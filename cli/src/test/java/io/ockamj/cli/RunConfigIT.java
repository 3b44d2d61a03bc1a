package io.ockamj.cli;

import io.ockamj.testing.PortalProbe;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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

  private final Set<Long> pids = new HashSet<>();
  private ServerSocket echo;

  record Run(int exitCode, String out, String err) {
  }

  private Run run(String... args) throws Exception {
    return run(List.of(), args);
  }

  /** A run with more JVM options, e.g. -Dockam.tty=true for the text a terminal gets. */
  private Run run(List<String> jvm, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
      System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
      "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dockam.home=" + home));
    cmd.addAll(jvm);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
      try {
        return p.getErrorStream().readAllBytes();
      } catch (IOException e) {
        return new byte[0];
      }
    });
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out.trim(), new String(err.get(), StandardCharsets.UTF_8).trim());
  }

  private JsonObject json(String... args) throws Exception {
    Run r = run(args);
    assertThat(r.exitCode()).as("%s: %s", String.join(" ", args), r.err()).isZero();
    return new JsonObject(r.out());
  }

  private static JsonObject byName(JsonArray a, String key, String value) {
    return a.stream().map(JsonObject.class::cast).filter(o -> value.equals(o.getString(key))).findFirst()
      .orElseThrow(() -> new AssertionError("no " + key + " " + value + " in " + a.encode()));
  }

  @BeforeEach
  void echoServer() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (!echo.isClosed()) {
        try {
          Socket s = echo.accept();
          Thread c = new Thread(() -> {
            try (s) {
              s.getInputStream().transferTo(s.getOutputStream());
            } catch (IOException ignored) {
              // client gone
            }
          });
          c.setDaemon(true);
          c.start();
        } catch (IOException e) {
          return;
        }
      }
    }, "echo");
    t.setDaemon(true);
    t.start();
  }

  @AfterEach
  void tearDown() throws IOException {
    echo.close();
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void aFileBringsUpARelayAnOutletAndAnInletThroughWhichBytesFlow() throws Exception {
    Path file = home.resolve("portal.yaml");
    Files.writeString(file, String.join("\n",
      "nodes:",
      "  relay: { tcp-listener-address: 127.0.0.1:0 }",
      "  server:",
      "    relays: [ { name: db, at: /node/relay } ]",
      "    tcp-outlets: { db: { to: 127.0.0.1:" + echo.getLocalPort() + " } }",
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
      pids.add(n.getLong("pid"));
    }
    JsonObject server = byName(nodes, "name", "server");
    assertThat(byName(first.getJsonArray("tcp_outlets"), "address", "db").getString("to")).isEqualTo("127.0.0.1:" + echo.getLocalPort());
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
    Run again = run(List.of("-Dockam.tty=true"), "run", file.toString());
    assertThat(again.exitCode()).as(again.err()).isZero();
    // one line per resource, as a terminal gets it
    assertThat(again.out()).startsWith("✔ ").contains("\n  ✔ TCP outlet 'db' on node server");
    assertThat(again.out()).contains("Node relay was already running", "Node server was already running",
      "Node client was already running", "TCP outlet 'db' on node server", "(exists)", "TCP inlet 'db' on node client, listening on " + from);
    assertThat(again.out()).doesNotContain("(created)");
    assertThat(PortalProbe.roundTrip(from, "still there")).isEqualTo("still there");

    // --at takes NAME and /node/NAME
    assertThat(json("tcp-inlet", "show", "db", "--at", "/node/client", "--output", "json").getString("from")).isEqualTo(from);
    assertThat(json("node", "show", "--at", "server", "--output", "json").getString("identifier"))
      .isEqualTo(server.getString("identifier"));

    // a stopped node is started again by 'node create FILE', with what it stored
    assertThat(run("node", "stop", "--at", "server").exitCode()).isZero();
    JsonObject restarted = json("node", "create", file.toString(), "--output", "json");
    JsonObject s2 = byName(restarted.getJsonArray("nodes"), "name", "server");
    pids.add(s2.getLong("pid"));
    assertThat(s2.getString("action")).isEqualTo("started");
    assertThat(byName(restarted.getJsonArray("nodes"), "name", "relay").getString("action")).isEqualTo("running");
    assertThat(byName(restarted.getJsonArray("tcp_outlets"), "address", "db").getString("action")).isEqualTo("exists");
    assertThat(byName(restarted.getJsonArray("relays"), "name", "db").getString("action")).isEqualTo("exists");
    PortalProbe.eventuallyEchoes(from, 30_000);

    // a file that differs from what runs says what to delete
    Path other = home.resolve("other.yaml");
    Files.writeString(other, Files.readString(file).replace("to: 127.0.0.1:" + echo.getLocalPort(), "to: 127.0.0.1:1"));
    Run conflict = run("run", other.toString());
    assertThat(conflict.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(conflict.err()).isEqualTo("error: " + other + ": nodes.server.tcp-outlets.db: node server already has TCP outlet 'db' to 127.0.0.1:"
      + echo.getLocalPort() + ", not 127.0.0.1:1; delete it with 'ockam tcp-outlet delete db --at server' and run the file again");

    Run delete = run("node", "delete", "--all", "--yes");
    assertThat(delete.exitCode()).as(delete.err()).isZero();
    assertThat(delete.out().lines()).contains("relay", "server", "client");
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d", pid).isFalse();
    }
    assertThat(new JsonArray(run("node", "list", "--output", "json").out())).isEmpty();
  }
}
