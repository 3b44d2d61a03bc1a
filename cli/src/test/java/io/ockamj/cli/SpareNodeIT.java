package io.ockamj.cli;

import io.ockamj.testing.Await;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spare node processes ({@link SpareNodes}, {@link SpareNode}) with real {@code ockam} processes: a
 * node starts in the spare and behaves as any node, a spare made for another environment declines
 * and ends, a node that fails in a spare reports as one that fails in its own process, an idle
 * spare ends, and {@code node delete --all} ends it.
 */
class SpareNodeIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path home;

  private final OckamCli.Spawned spawned = new OckamCli.Spawned();

  private OckamCli cli(Map<String, String> env) {
    return OckamCli.home(home).env(env);
  }

  private OckamCli cli() {
    return cli(Map.of(SpareNodes.ENV, "1"));
  }

  private Path pidFile() {
    return home.resolve("spare").resolve("node.pid");
  }

  /** The pid of the spare once it listens for a node. */
  private long awaitSpare() {
    try {
      Await.until("a spare node process listens", () -> Files.exists(home.resolve("spare").resolve("node.sock"))
        && sparePid().isPresent(), WAIT);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; spare.log: " + spareLog(), e);
    }
    return sparePid().orElseThrow();
  }

  private String spareLog() {
    try {
      return Files.readString(home.resolve("spare").resolve("spare.log"));
    } catch (IOException e) {
      return "(none: " + e + ")";
    }
  }

  private Optional<Long> sparePid() {
    // not any process with the pid the file holds: a spare (the system gives pids again)
    return SpareNodes.spareProcess(pidFile()).map(ProcessHandle::pid);
  }

  private JsonObject create(OckamCli cli, String name, String... extra) throws Exception {
    String[] args = new String[4 + extra.length];
    args[0] = "node";
    args[1] = "create";
    args[2] = name;
    args[3] = "--output=json";
    System.arraycopy(extra, 0, args, 4, extra.length);
    return spawned.node(new JsonObject(cli.run(args).assertOk().out()));
  }

  @AfterEach
  void end() throws Exception {
    SpareNodes.spareProcess(pidFile()).ifPresent(ProcessHandle::destroyForcibly);
    spawned.close();
  }

  @Test
  void aNodeStartsInTheSpareAndWorksAsAnyNode() throws Exception {
    create(cli(), "n1");
    long spare = awaitSpare();

    JsonObject n2 = create(cli(), "n2");
    assertThat(n2.getLong("pid")).as("n2 runs in the spare process").isEqualTo(spare);
    Path logs = home.resolve("nodes").resolve("n2");
    assertThat(Files.readString(logs.resolve("stdout.log"))).contains("Node n2 is running");
    assertThat(Files.readString(logs.resolve("stderr.log"))).contains("runs in a spare process (pid " + spare);
    assertThat(logs.resolve("jvm.log")).exists();
    assertThat(cli().ok("message", "send", "hi", "--to", "/node/n2/service/echo")).isEqualTo("hi");

    long next = awaitSpare();
    assertThat(next).as("the next spare is another process").isNotEqualTo(spare);

    cli().ok("node", "stop", "n2");
    Await.until("n2's process ends", () -> !OckamCli.Spawned.alive(spare), WAIT);
    cli().ok("node", "delete", "--all", "--yes");
    Await.until("node delete --all ends the spare", () -> !OckamCli.Spawned.alive(next), WAIT);
  }

  @Test
  void aSpareMadeForAnotherEnvironmentDeclinesAndEnds() throws Exception {
    create(cli(), "n1");
    long spare = awaitSpare();

    JsonObject n2 = create(cli(Map.of(SpareNodes.ENV, "1", "SPARE_NODE_IT", "other")), "n2");
    assertThat(n2.getLong("pid")).as("n2 started a process of its own").isNotEqualTo(spare);
    Await.until("the declining spare ends", () -> !OckamCli.Spawned.alive(spare), WAIT);
    assertThat(cli(Map.of(SpareNodes.ENV, "1", "SPARE_NODE_IT", "other")).ok("message", "send", "hi", "--to",
      "/node/n2/service/echo")).isEqualTo("hi");
  }

  @Test
  void aNodeThatFailsInTheSpareFailsAsInItsOwnProcess() throws Exception {
    create(cli(), "n1");
    awaitSpare();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String address = "127.0.0.1:" + taken.getLocalPort();
      OckamCli.Run inSpare = cli().run("node", "create", "n2", "--tcp-listener-address", address);
      OckamCli.Run own = cli(Map.of(SpareNodes.ENV, "0")).run("node", "create", "n3", "--tcp-listener-address", address);
      assertThat(own.exitCode()).isNotZero();
      assertThat(inSpare.exitCode()).isEqualTo(own.exitCode());
      assertThat(inSpare.err().replace("n2", "N")).isEqualTo(own.err().replace("n3", "N"));
    }
  }

  @Test
  void aNameInUseIsRefusedAndAStoppedNodeReplacedAsWithoutSpares() throws Exception {
    JsonObject n1 = create(cli(), "n1");
    awaitSpare();
    OckamCli.Run inSpare = cli().run("node", "create", "n1");
    OckamCli.Run own = cli(Map.of(SpareNodes.ENV, "0")).run("node", "create", "n1");
    assertThat(own.exitCode()).isNotZero();
    assertThat(inSpare.exitCode()).isEqualTo(own.exitCode());
    assertThat(inSpare.err()).isEqualTo(own.err()).contains("already been created and is running");
    assertThat(OckamCli.Spawned.alive(n1.getLong("pid"))).isTrue();

    // a stopped node's name is taken again without its outlets, as without spares
    cli().ok("tcp-outlet", "create", "--at", "n1", "--to", "127.0.0.1:5000");
    cli().ok("node", "stop", "n1");
    long spare = awaitSpare();
    JsonObject again = create(cli(), "n1");
    assertThat(again.getLong("pid")).isEqualTo(spare);
    assertThat(cli().run("tcp-outlet", "list", "--at", "n1", "--output", "json").assertOk().out()).isEqualTo("[]");
  }

  @Test
  void anIdleSpareEnds() throws Exception {
    OckamCli quick = cli(Map.of(SpareNodes.ENV, "1", SpareNodes.ENV_IDLE, "3s"));
    create(quick, "n1");
    long spare = awaitSpare();
    Await.until("the idle spare ends", () -> !OckamCli.Spawned.alive(spare), WAIT);
    assertThat(home.resolve("spare").resolve("node.sock")).doesNotExist();
    assertThat(pidFile()).doesNotExist();
  }
}
