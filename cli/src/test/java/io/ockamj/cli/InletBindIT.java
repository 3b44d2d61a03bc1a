package io.ockamj.cli;

import io.ockamj.testing.Await;
import io.ockamj.testing.PortalProbe;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code ockam tcp-inlet create --no-connection-wait}, as Rust 0.139: the inlet's port is chosen when
 * the command answers, so its machine form, {@code show} and {@code list} give the real port at once;
 * while its outlet does not answer it is DOWN and nothing listens there (a client is refused); once
 * the outlet exists, the same port carries data.
 */
class InletBindIT {

  @TempDir
  Path dir;

  private OckamCli cli;
  private final OckamCli.Spawned pids = new OckamCli.Spawned();
  private CliFixtures.EchoServer echo;

  @BeforeEach
  void setUp() throws Exception {
    cli = OckamCli.home(dir.resolve("home"));
    echo = new CliFixtures.EchoServer();
    cli.ok("identity", "create", "admin");
  }

  @AfterEach
  void tearDown() throws Exception {
    echo.close();
    pids.close();
  }

  private void node(String name) throws Exception {
    pids.pid(new JsonObject(cli.ok("node", "create", name, "--output", "json")).getLong("pid"));
  }

  private JsonObject show(String alias) throws Exception {
    return new JsonObject(cli.ok("tcp-inlet", "show", alias, "--at", "inlet-node", "--output", "json"));
  }

  private static int port(String hostPort) {
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }

  @Test
  void anInletThatDoesNotWaitReportsItsBoundPortAtOnce() throws Exception {
    node("outlet-node");
    node("inlet-node");
    // the outlet's node exists, its outlet not yet
    String from = cli.ok("tcp-inlet", "create", "--at", "inlet-node", "--to", "/node/outlet-node/secure/api/service/outlet",
      "--alias", "web", "--no-connection-wait").trim();
    assertThat(from).startsWith("127.0.0.1:");
    assertThat(port(from)).isPositive();

    JsonObject shown = show("web");
    assertThat(shown.getString("from")).isEqualTo(from);
    assertThat(shown.getString("state")).isEqualTo("DOWN");
    // Rust's InletStatus fields: before the first connection no worker and no route
    assertThat(shown.getString("bind_addr")).isEqualTo(from);
    assertThat(shown.getString("status")).isEqualTo("Down");
    assertThat(shown.containsKey("worker_addr") && shown.getValue("worker_addr") == null).isTrue();
    assertThat(shown.getValue("outlet_route")).isNull();
    JsonArray listed = new JsonArray(cli.ok("tcp-inlet", "list", "--at", "inlet-node", "--output", "json"));
    assertThat(listed).hasSize(1);
    assertThat(listed.getJsonObject(0).getString("from")).isEqualTo(from);

    // as Rust's: the port is chosen but not bound before the first connection, a client is refused
    assertThatThrownBy(() -> {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port(from)), 5000);
      }
    }).as("a client before the inlet's first connection").isInstanceOf(java.net.ConnectException.class);

    cli.ok("tcp-outlet", "create", "--at", "outlet-node", "--to", echo.address());
    Await.until("the inlet is UP", () -> {
      try {
        return "UP".equals(show("web").getString("state"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, Duration.ofSeconds(60));
    JsonObject up = show("web");
    assertThat(up.getString("from")).isEqualTo(from);
    assertThat(up.getString("status")).isEqualTo("Up");
    assertThat(up.getString("worker_addr")).isNotBlank();
    assertThat(up.getString("outlet_route")).isNotBlank();
    assertThat(PortalProbe.roundTrip(from, "bound from the start")).isEqualTo("bound from the start");
  }
}
