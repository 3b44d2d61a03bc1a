package io.ockamj.cli;

import io.ockamj.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that exited but was not reaped yet (a zombie, as in a container whose first process does not
 * reap) is not running: a stop returns at once and the status says so. The JDK calls such a process
 * alive. A pid that the system gave to another process is not the node either.
 */
@EnabledOnOs(OS.LINUX)
class NodeProcessesTest {

  @Test
  void anExitedProcessThatNobodyReapedIsNotRunning() throws Exception {
    // the short sleep's parent becomes the long one (exec), which never waits for it: once the short
    // one ends it stays a zombie until the long one ends
    Process parent = new ProcessBuilder("bash", "-c", "sleep 0.2 & echo $!; exec sleep 30").redirectErrorStream(true).start();
    try {
      long pid;
      try (BufferedReader r = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
        pid = Long.parseLong(r.readLine().trim());
        ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
        assertThat(NodeProcesses.running(child)).isTrue();
        Await.until("the child exited", () -> !NodeProcesses.running(child), Duration.ofSeconds(10));
        assertThat(child.isAlive()).as("the JDK still calls the zombie alive").isTrue();
        assertThat(NodeClient.alive(new io.ockamj.store.NodeRecord("n", "I0", pid, null, false, new io.vertx.core.json.JsonObject(), null))).isFalse();
        long t0 = System.nanoTime();
        assertThat(NodeProcesses.stop(pid, Duration.ofSeconds(10))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
      }
    } finally {
      parent.destroyForcibly();
      parent.waitFor();
    }
  }

  @Test
  void aRunningProcessIsStoppedWithinItsGrace() throws Exception {
    Process p = new ProcessBuilder("sleep", "30").start();
    try {
      assertThat(NodeProcesses.running(p.toHandle())).isTrue();
      assertThat(NodeProcesses.stop(p.pid(), Duration.ofSeconds(10))).isTrue();
      assertThat(NodeProcesses.running(p.toHandle())).isFalse();
    } finally {
      p.destroyForcibly();
      p.waitFor();
    }
  }

  @Test
  void aPidGivenToAnotherProcessIsNotTheNode() {
    // this JVM plays the node: its pid, and the start time its record would hold
    long self = ProcessHandle.current().pid();
    Long started = NodeClient.processStarted();
    assertThat(started).isNotNull();
    io.ockamj.store.NodeRecord r = new io.ockamj.store.NodeRecord("n", "I0", self, "127.0.0.1:1", false,
      new io.vertx.core.json.JsonObject().put(NodeClient.PROCESS_STARTED, started), null);
    assertThat(NodeClient.alive(r)).isTrue();
    assertThat(NodeClient.localStatus(r)).isEqualTo("running");
    // the node that had this pid started an hour earlier: the process now is another one
    io.ockamj.store.NodeRecord earlier = r.withConfig(new io.vertx.core.json.JsonObject().put(NodeClient.PROCESS_STARTED, started - 3_600_000));
    assertThat(NodeClient.alive(earlier)).isFalse();
    assertThat(NodeClient.localStatus(earlier)).isEqualTo("died");
    // a record of an earlier version, without the start time: a live JVM is taken as the node
    assertThat(NodeClient.alive(r.withConfig(new io.vertx.core.json.JsonObject()))).isTrue();
  }
}
