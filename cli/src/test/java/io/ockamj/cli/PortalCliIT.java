package io.ockamj.cli;

import static io.ockamj.cli.CliFixtures.freePort;

import io.ockamj.cli.CliFixtures.EchoServer;
import io.ockamj.cli.OckamCli.Run;
import io.ockamj.testing.PortalProbe;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tcp-outlet}, {@code relay} and {@code tcp-inlet} with real background nodes in a temporary
 * {@code $OCKAM_HOME}: a relay node, an outlet node in front of an echo server that registers a relay,
 * and an inlet node whose inlet goes through the relay; bytes flow, and flow again after the outlet
 * node and the inlet node restart with what they stored.
 */
class PortalCliIT {

  @TempDir
  Path home;

  private final OckamCli.Spawned spawned = new OckamCli.Spawned();
  private EchoServer echo;
  private final ExecutorService pool = Executors.newCachedThreadPool();

  private Run run(String... args) throws Exception {
    return OckamCli.home(home).run(args);
  }

  private JsonObject json(String... args) throws Exception {
    return OckamCli.home(home).json(args);
  }

  private JsonArray jsonArray(String... args) throws Exception {
    return OckamCli.home(home).jsonArray(args);
  }

  private JsonObject node(String verb, String name) throws Exception {
    return spawned.node(json("node", verb, name, "--output", "json"));
  }

  @BeforeEach
  void setUp() throws Exception {
    echo = new EchoServer();
    // the database and the default identity, once, so that nodes can start in parallel
    assertThat(run("identity", "create", "admin").exitCode()).isZero();
  }

  @AfterEach
  void tearDown() throws Exception {
    pool.shutdownNow();
    echo.close();
    spawned.close();
  }

  private <T> CompletableFuture<T> async(Callable<T> c) {
    return CliFixtures.async(c, pool);
  }

  private CompletableFuture<Run> runAsync(String... args) {
    return async(() -> run(args));
  }

  @Test
  void relayOutletAndInletSurviveRestarts() throws Exception {
    long t0 = System.nanoTime();
    CompletableFuture<JsonObject> relayF = async(() -> node("create", "relay"));
    CompletableFuture<JsonObject> outletF = async(() -> node("create", "outlet-node"));
    CompletableFuture<JsonObject> inletF = async(() -> node("create", "inlet-node"));
    relayF.get(120, TimeUnit.SECONDS);
    JsonObject outletNode = outletF.get(120, TimeUnit.SECONDS);
    inletF.get(120, TimeUnit.SECONDS);
    String target = "127.0.0.1:" + echo.port();

    CompletableFuture<JsonObject> outletC = async(() -> json("tcp-outlet", "create", "--at", "outlet-node", "--to", target,
      "--output", "json"));
    JsonObject relay = json("relay", "create", "outlet-node", "--at", "/node/relay", "--to", "outlet-node", "--output", "json");
    JsonObject outlet = outletC.get(120, TimeUnit.SECONDS);
    assertThat(outlet.getString("worker_addr")).isEqualTo("/service/outlet");
    assertThat(outlet.getString("to")).isEqualTo(target);
    assertThat(relay.getString("state")).isEqualTo("UP");
    assertThat(relay.getString("remote_address")).isEqualTo("forward_to_outlet-node");
    // Rust's RelayInfo fields
    assertThat(relay.getString("connection_status")).isEqualTo("Up");
    assertThat(relay.getString("destination_address")).isEqualTo("/node/relay");
    assertThat(relay.getString("forwarding_route")).endsWith("0#forward_to_outlet-node");
    assertThat(relay.getString("worker_address")).matches("0#[0-9a-f]{32}");
    assertThat(relay.getString("flow_control_id")).matches("[0-9a-f]{32}");
    assertThat(relay.containsKey("last_failure") && relay.getValue("last_failure") == null).isTrue();

    String route = "/node/relay/service/forward_to_outlet-node/secure/api/service/outlet";
    JsonObject inlet = json("tcp-inlet", "create", "--at", "inlet-node", "--from", "127.0.0.1:0", "--to", route,
      "--authorized", outletNode.getString("identifier"), "--alias", "web", "--output", "json");
    String from = inlet.getString("from");
    assertThat(from).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:0");
    assertThat(inlet.getString("state")).isEqualTo("UP");
    assertThat(PortalProbe.roundTrip(from, "hello through the relay")).isEqualTo("hello through the relay");
    System.out.println("three nodes, outlet, relay, inlet and first bytes: " + (System.nanoTime() - t0) / 1_000_000 + " ms");

    // list, show and bad input (one line, the right exit code), all at once: the nodes keep serving
    CompletableFuture<JsonArray> outlets = async(() -> (jsonArray("tcp-outlet", "list", "--at", "outlet-node", "--output", "json")));
    CompletableFuture<JsonArray> relays = async(() -> (jsonArray("relay", "list", "--to", "/node/outlet-node", "--output", "json")));
    CompletableFuture<JsonObject> shown = async(() -> (json("tcp-inlet", "show", "web", "--at", "inlet-node", "--output", "json")));
    CompletableFuture<Run> plain = runAsync("tcp-inlet", "list", "--at", "inlet-node");
    CompletableFuture<Run> noInlet = runAsync("tcp-inlet", "show", "nope", "--at", "inlet-node");
    CompletableFuture<Run> outletTaken = runAsync("tcp-outlet", "create", "--at", "outlet-node", "--to", target);
    CompletableFuture<Run> badRoute = runAsync("tcp-inlet", "create", "--at", "inlet-node", "--to", "/bogus/x");
    // --retry-wait 0: an error at once (by default the command tries again until the node accepts, as Rust's does)
    CompletableFuture<Run> portTaken = runAsync("tcp-inlet", "create", "--at", "inlet-node", "--from", from, "--to", route,
      "--retry-wait", "0");
    CompletableFuture<Run> noNode = runAsync("tcp-inlet", "create", "--at", "inlet-node", "--to", "/node/nope/service/outlet");
    CompletableFuture<Run> noRelayNode = runAsync("relay", "create", "x", "--to", "outlet-node");
    CompletableFuture<Run> unknownAt = runAsync("relay", "show", "x", "--at", "nope");
    // as Rust: tcp-outlet show has no machine form, so a pipe gets its JSON; relay show's is the name
    CompletableFuture<Run> outletPiped = runAsync("tcp-outlet", "show", "outlet", "--at", "outlet-node");
    CompletableFuture<Run> relayPiped = runAsync("relay", "show", "outlet-node", "--at", "outlet-node");
    CompletableFuture<JsonObject> inletNodeShown = async(() -> json("node", "show", "inlet-node", "--output", "json"));

    assertThat(outlets.get(120, TimeUnit.SECONDS)).hasSize(1);
    // Rust's from and to
    assertThat(outlets.get().getJsonObject(0).getString("from")).isEqualTo("/service/outlet");
    assertThat(outlets.get().getJsonObject(0).getString("to")).isEqualTo(target);
    assertThat(relays.get(120, TimeUnit.SECONDS).getJsonObject(0).getString("name")).isEqualTo("outlet-node");
    assertThat(relays.get().getJsonObject(0).getString("connection_status")).isEqualTo("Up");
    assertThat(relays.get().getJsonObject(0).getString("worker_address")).isEqualTo(relay.getString("worker_address"));
    Run outletShown = outletPiped.get(120, TimeUnit.SECONDS);
    assertThat(outletShown.exitCode()).as(outletShown.err()).isZero();
    JsonObject outletInfo = new JsonObject(outletShown.text());
    assertThat(outletInfo.getString("node_name")).isEqualTo("outlet-node");
    assertThat(outletInfo.getString("worker_address")).isEqualTo("/service/outlet");
    assertThat(outletInfo.getString("to")).isEqualTo(target);
    assertThat(relayPiped.get(120, TimeUnit.SECONDS).text().trim()).isEqualTo("outlet-node");
    // node show: Rust's InletStatus of each inlet and TransportStatus of each TCP listener
    JsonObject inletNode = inletNodeShown.get(120, TimeUnit.SECONDS);
    JsonObject web = inletNode.getJsonArray("inlets").getJsonObject(0);
    assertThat(web.fieldNames()).containsExactly("bind_addr", "worker_addr", "alias", "payload", "outlet_route", "status", "outlet_addr");
    assertThat(web.getString("alias")).isEqualTo("web");
    assertThat(web.getString("bind_addr")).isEqualTo(from);
    assertThat(web.getString("status")).isEqualTo("Up");
    JsonObject transport = inletNode.getJsonArray("transports").getJsonObject(0);
    assertThat(transport.getString("socket_addr")).isEqualTo(inletNode.getString("address"));
    assertThat(transport.getString("flow_control_id")).matches("[0-9a-f]{32}");
    assertThat(transport.getString("worker_addr")).isEqualTo("<none>");
    assertThat(shown.get(120, TimeUnit.SECONDS).getString("to")).isEqualTo(route);
    assertThat(shown.get().getJsonArray("authorized")).containsExactly(outletNode.getString("identifier"));
    assertThat(plain.get(120, TimeUnit.SECONDS).exitCode()).isZero();
    assertThat(plain.get().text()).contains("web", from, "UP");
    noInlet.get(120, TimeUnit.SECONDS).assertOneLineError(ExitCodes.NOT_FOUND, "no inlet named 'nope'");
    outletTaken.get(120, TimeUnit.SECONDS).assertOneLineError(ExitCodes.FAILURE, "outlet");
    badRoute.get(120, TimeUnit.SECONDS).assertOneLineError(ExitCodes.USAGE, "invalid --to");
    portTaken.get(120, TimeUnit.SECONDS).assertOneLineError(ExitCodes.FAILURE, from);
    noNode.get(120, TimeUnit.SECONDS).assertOneLineError(ExitCodes.NOT_FOUND, "Unable to find node named nope");
    noRelayNode.get(120, TimeUnit.SECONDS).assertOneLineError(ExitCodes.NOPERM, "--at");  // as Rust: no default project to put it at (NotEnrolled)
    unknownAt.get(120, TimeUnit.SECONDS).assertOneLineError(ExitCodes.NOT_FOUND, "Unable to find node named nope");
    assertThat(PortalProbe.roundTrip(from, "still there")).isEqualTo("still there");

    // the outlet node restarts: its outlet and relay come back, the inlet rebuilds its route by itself
    assertThat(run("node", "stop", "outlet-node").exitCode()).isZero();
    long stopped = System.nanoTime();
    node("start", "outlet-node");
    long ms = PortalProbe.eventuallyEchoes(from, 30_000);
    System.out.println("bytes flow again " + (System.nanoTime() - stopped) / 1_000_000 + " ms after the outlet node stopped ("
      + ms + " ms after it was ready)");
    assertThat(jsonArray("tcp-outlet", "list", "--at", "outlet-node", "--output", "json")).hasSize(1);
    JsonObject relayShown = json("relay", "show", "outlet-node", "--at", "outlet-node", "--output", "json");
    assertThat(relayShown.getString("state")).isEqualTo("UP");
    // Rust's RelayShowOutput: the addresses as routes
    assertThat(relayShown.getString("connection_status")).isEqualTo("Up");
    assertThat(relayShown.getString("destination")).isEqualTo("/node/relay");
    assertThat(relayShown.getString("remote_address")).isEqualTo("/service/forward_to_outlet-node");
    assertThat(relayShown.getString("worker_address")).matches("/service/[0-9a-f]{32}");
    assertThat(relayShown.getString("relay_route")).endsWith("0#forward_to_outlet-node");

    // the inlet node restarts: the inlet comes back on the same port
    assertThat(run("node", "stop", "inlet-node").exitCode()).isZero();
    node("start", "inlet-node");
    ms = PortalProbe.eventuallyEchoes(from, 30_000);
    System.out.println("inlet restored on " + from + ", bytes flow " + ms + " ms after the inlet node was ready");
    assertThat(json("tcp-inlet", "show", "web", "--at", "inlet-node", "--output", "json").getString("state")).isEqualTo("UP");

    // delete
    List<CompletableFuture<Run>> deletes = List.of(runAsync("tcp-inlet", "delete", "web", "--at", "inlet-node", "--yes"),
      runAsync("relay", "delete", "outlet-node", "--at", "outlet-node", "-y"),
      runAsync("tcp-outlet", "delete", "outlet", "--at", "outlet-node", "--yes"));
    for (CompletableFuture<Run> d : deletes) {
      assertThat(d.get(120, TimeUnit.SECONDS).exitCode()).as(d.get().err()).isZero();
    }
    List<CompletableFuture<JsonArray>> lists = List.of(
      async(() -> jsonArray("tcp-inlet", "list", "--at", "inlet-node", "--output", "json")),
      async(() -> jsonArray("relay", "list", "--to", "outlet-node", "--output", "json")),
      async(() -> jsonArray("tcp-outlet", "list", "--at", "outlet-node", "--output", "json")));
    for (CompletableFuture<JsonArray> l : lists) {
      assertThat(l.get(120, TimeUnit.SECONDS)).isEmpty();
    }
    // as Rust: deleting from an empty list is not an error
    Run none = run("tcp-inlet", "delete", "web", "--at", "inlet-node", "--yes");
    assertThat(none.exitCode()).as(none.err()).isZero();
    assertThat(none.text()).isEqualTo("[]");

    assertThat(run("node", "delete", "--all", "--yes").exitCode()).isZero();
    System.out.println("whole scenario: " + (System.nanoTime() - t0) / 1_000_000 + " ms");
  }

  @Test
  void anInletOnAnAddressTheNodeHoldsIsRefused() throws Exception {
    String listener = "127.0.0.1:" + freePort();
    spawned.node(json("node", "create", "solo", "--tcp-listener-address", listener, "--output", "json"));
    assertThat(run("tcp-outlet", "create", "--at", "solo", "--to", "127.0.0.1:" + echo.port()).exitCode()).isZero();
    String route = "/node/solo/secure/api/service/outlet";
    String from = "127.0.0.1:" + freePort();
    JsonObject inlet = json("tcp-inlet", "create", "--at", "solo", "--from", from, "--to", route, "--alias", "one", "--output", "json");
    assertThat(inlet.getString("from")).isEqualTo(from);

    // the same address again, and the node's own listener: one line naming the address and its holder
    run("tcp-inlet", "create", "--at", "solo", "--from", from, "--to", route, "--alias", "two", "--retry-wait", "0")
      .assertOneLineError(ExitCodes.FAILURE, "address " + from + " is already in use by a TCP inlet of node solo");
    run("tcp-inlet", "create", "--at", "solo", "--from", listener, "--to", route, "--alias", "three", "--retry-wait", "0")
      .assertOneLineError(ExitCodes.FAILURE, "address " + listener + " is already in use by the TCP listener of node solo");
    assertThat(jsonArray("tcp-inlet", "list", "--at", "solo", "--output", "json")).hasSize(1);
    for (int i = 0; i < 4; i++) {
      assertThat(PortalProbe.roundTrip(from, "hello " + i)).isEqualTo("hello " + i);
      Run send = run("message", "send", "m" + i, "--to", "/node/solo/service/echo");
      assertThat(send.text()).as(send.err()).isEqualTo("m" + i);
    }
  }
}
