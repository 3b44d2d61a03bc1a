package io.ockamj.cli;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cli/COMPAT.md rows on flow control, project relays and project hops, with real background nodes
 * on 127.0.0.1 in a temporary {@code OCKAM_HOME}: {@code flow-control add-consumer} with the id a TCP
 * listener shows, and its errors (that the consumer then receives the flow's messages is
 * {@code FlowControlApiIT}'s); {@code relay create} without {@code --at} goes to the default project's
 * node (and says it needs a project when there is none); the secure channel to a project's node accepts
 * only the project's identity, in relays and in inlets, while {@code --authorized} stays for the outlet.
 */
class FlowControlRelayIT {

  @TempDir
  Path dir;

  private OckamCli cli;
  private CliFixtures.EchoServer echo;
  private final OckamCli.Spawned spawned = new OckamCli.Spawned();

  @BeforeEach
  void setUp() throws Exception {
    cli = OckamCli.home(dir.resolve("home"));
    echo = new CliFixtures.EchoServer();
  }

  @AfterEach
  void tearDown() throws Exception {
    echo.close();
    spawned.close();
  }

  private JsonObject json(String... args) throws Exception {
    return new JsonObject(cli.ok(args));
  }

  private CompletableFuture<Void> node(String name, String... more) {
    return CompletableFuture.runAsync(() -> {
      List<String> args = new ArrayList<>(List.of("node", "create", name, "--output", "json"));
      args.addAll(List.of(more));
      try {
        spawned.node(json(args.toArray(new String[0])));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void addConsumerOpensAListenersFlowToAService() throws Exception {
    CompletableFuture.allOf(node("n1"), node("n2")).get(180, TimeUnit.SECONDS);
    String listener = cli.ok("tcp-listener", "create", "127.0.0.1:0", "--at", "n1").lines().toList().get(1).strip();
    String port = listener.substring(listener.lastIndexOf('/') + 1);
    JsonObject shown = json("tcp-listener", "show", port, "--at", "n1", "--output", "json");
    String flow = shown.getString("flow_control_id");
    assertThat(flow).matches("[0-9a-f]{32}");
    String echoRoute = "/ip4/127.0.0.1/tcp/" + port + "/service/echo";
    // as Rust's, a new listener has a flow of its own that no service consumes: echo is not reachable through it
    OckamCli.Run refused = cli.run("message", "send", "hello", "--from", "n2", "--to", echoRoute, "--timeout", "3s");
    assertThat(refused.exitCode()).as(refused.err()).isNotZero();
    assertThat(cli.ok("message", "send", "hello", "--from", "n2", "--to", "/node/n1/service/echo").strip())
      .as("the node's own listener still reaches echo").isEqualTo("hello");

    // the flow control id as tcp-listener show prints it, and Rust's /service/NAME form: prints nothing, exits 0
    cli.ok("service", "start", "hop", "--addr", "hop2", "--at", "n1");
    OckamCli.Run added = cli.run("flow-control", "add-consumer", flow, "/service/hop2", "--at", "n1").assertOk();
    assertThat(added.out()).isEmpty();
    assertThat(cli.run("flow-control", "add-consumer", flow.toUpperCase(java.util.Locale.ROOT), "hop2", "--at", "n1").exitCode())
      .as("a bare name (ours), the id in capitals").isZero();
    // once echo consumes that flow, its messages reach echo through the listener
    cli.run("flow-control", "add-consumer", flow, "/service/echo", "--at", "n1").assertOk();
    assertThat(cli.ok("message", "send", "hello", "--from", "n2", "--to", echoRoute, "--timeout", "10s").strip()).isEqualTo("hello");

    // bad input: clear errors with Rust's exit codes (an id that is not one, a route of two hops, no such worker)
    cli.run("flow-control", "add-consumer", "not-an-id", "/service/echo", "--at", "n1")
      .assertFails(ExitCodes.USAGE, "a flow control id is 32 hex characters");
    cli.run("flow-control", "add-consumer", flow, "/service/echo/service/uppercase", "--at", "n1")
      .assertFails(ExitCodes.FAILURE, "Invalid address");
    cli.run("flow-control", "add-consumer", flow, "/service/nobody", "--at", "n1")
      .assertFails(ExitCodes.FAILURE, "There is no worker at address 'nobody'");
    cli.run("flow-control", "add-consumer", flow, "/service/echo", "--at", "nope")
      .assertFails(ExitCodes.NOT_FOUND, "nope");
    assertThat(cli.ok("flow-control", "add-consumer", "--help")).contains("FLOW_CONTROL_ID").contains("ADDRESS").contains("--at")
      .contains("(ours)");
  }

  @Test
  void relaysAndInletsThroughTheDefaultProjectCheckTheProjectsIdentity() throws Exception {
    cli.ok("identity", "create", "admin");
    cli.ok("identity", "create", "project-identity");
    int projectPort = CliFixtures.freePort();
    CompletableFuture.allOf(node("outlet-node"), node("inlet-node"),
      node("project-node", "--tcp-listener-address", "127.0.0.1:" + projectPort, "--identity", "project-identity"))
      .get(180, TimeUnit.SECONDS);
    String projectId = json("node", "show", "project-node", "--output", "json").getString("identifier");
    String outletId = json("node", "show", "outlet-node", "--output", "json").getString("identifier");

    // no project: --at is needed, with Rust's NotEnrolled exit code
    cli.run("relay", "create", "r1", "--to", "outlet-node")
      .assertFails(ExitCodes.NOPERM, "There is no default project defined").assertFails(ExitCodes.NOPERM, "--at");

    String authority = cli.ok("identity", "show", "admin", "--full", "--encoding", "hex").trim();
    String access = "/ip4/127.0.0.1/tcp/" + projectPort + "/service/api";
    importProject("p1", access, projectId, authority);

    // the default --at: /project/p1, kept as given; the node reached it through its access route
    JsonObject relay = json("relay", "create", "r1", "--to", "outlet-node", "--output", "json");
    assertThat(relay.getString("state")).isEqualTo("UP");
    assertThat(relay.getString("at")).isEqualTo("/project/p1");
    assertThat(relay.getString("remote_address")).isEqualTo("forward_to_r1");

    // an inlet --via the relay: the project's channel checks the project, --to's outlet is reached through it
    cli.ok("tcp-outlet", "create", "--at", "outlet-node", "--to", echo.address());
    JsonObject via = json("tcp-inlet", "create", "--at", "inlet-node", "--via", "r1", "--retry-wait", "0", "--output", "json");
    assertThat(PortalProbe.roundTrip(via.getString("from"), "through the project")).isEqualTo("through the project");

    // a project whose imported identity is not the one its node proves: refused with the reason
    importProject("impostor", access, outletId, authority);
    OckamCli.Run inlet = cli.run("tcp-inlet", "create", "--at", "inlet-node", "--to",
      "/project/impostor/service/forward_to_r1/secure/api/service/outlet", "--retry-wait", "0", "--timeout", "5s");
    assertThat(inlet.exitCode()).as("an inlet through a project node with another identity: %s", inlet.err()).isNotZero();
    assertThat(inlet.err()).contains("accepts only the project's identity " + outletId).contains(projectId);
    OckamCli.Run relay2 = cli.run("relay", "create", "r2", "--to", "outlet-node", "--at", "/project/impostor", "--timeout", "5s");
    assertThat(relay2.exitCode()).as("a relay at a project node with another identity: %s", relay2.err()).isNotZero();
    assertThat(relay2.err()).contains("the channel to project 'impostor'").contains(outletId);
    assertThat(cli.run("relay", "show", "r2", "--at", "outlet-node").exitCode()).as("not kept").isNotZero();

    // after a restart the project relay comes back at /project/p1
    cli.ok("node", "stop", "outlet-node");
    spawned.node(json("node", "start", "outlet-node", "--output", "json"));
    io.ockamj.testing.Await.until("the project relay back after the restart", () -> {
      try {
        JsonObject s = json("relay", "show", "r1", "--at", "outlet-node", "--output", "json");
        return "UP".equals(s.getString("state")) && "/project/p1".equals(s.getString("at"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, java.time.Duration.ofSeconds(60), java.time.Duration.ofMillis(250));
  }

  private void importProject(String name, String access, String identity, String authority) throws Exception {
    Path file = Files.writeString(dir.resolve(name + ".json"), new JsonObject().put("id", name).put("name", name)
      .put("access_route", access).put("identity", identity).put("authority_identity", authority)
      .put("authority_access_route", access).encode());
    cli.ok("project", "import", "--project-file", file.toString());
  }
}
