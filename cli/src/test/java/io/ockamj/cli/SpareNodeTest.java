package io.ockamj.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a spare node process agrees to run, and how it recognizes the command it was started as. */
class SpareNodeTest {

  @Test
  void runsOnlyNodeProcessCommandLines() {
    assertThat(SpareNode.nodeProcess(List.of("node", "create", "n1", "--foreground", "--child-process"))).isTrue();
    assertThat(SpareNode.nodeProcess(List.of("node", "create", "n1", "--foreground", "--child-process",
      "--tcp-listener-address", "127.0.0.1:0"))).isTrue();
    assertThat(SpareNode.nodeProcess(List.of("authority", "create", "a", "--foreground", "--child-process"))).isTrue();
    assertThat(SpareNode.nodeProcess(List.of("node", "create", "n1"))).isFalse();
    assertThat(SpareNode.nodeProcess(List.of("identity", "delete", "i1", "--foreground", "--child-process"))).isFalse();
    assertThat(SpareNode.nodeProcess(List.of("node", "delete", "n1", "--foreground", "--child-process"))).isFalse();
    assertThat(SpareNode.nodeProcess(List.of())).isFalse();
  }

  @Test
  void theCommandHashFollowsEveryWordOfTheJavaCommand() {
    List<String> a = List.of("/usr/bin/java", "-Xmx96m", "-cp", "ockam.jar");
    assertThat(SpareNodes.commandHash(a)).isEqualTo(SpareNodes.commandHash(List.copyOf(a)));
    assertThat(SpareNodes.commandHash(a)).isNotEqualTo(SpareNodes.commandHash(List.of("/usr/bin/java", "-Xmx128m", "-cp", "ockam.jar")));
  }
}
