package io.ockamj.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Node names: what Rust Ockam 0.139's {@code node create} accepts (word characters and '-'), and what refers to a node. */
class NodeNameTest {

  @Test
  void newNodesTakeWordCharactersAndDashes() {
    for (String ok : new String[] {"n1", "_x", "-", "my-node_2", "N", "nœud", "節点", "a".repeat(255)}) {
      assertThat(NodeClient.nodeNameProblem(ok)).as(ok).isNull();
    }
    for (String bad : new String[] {"a.b", "bad/name", "a b", "a:b", "n@1", "é.", "a\n"}) {
      assertThat(NodeClient.nodeNameProblem(bad)).as(bad).isEqualTo("use letters, digits, '_' and '-' only");
    }
    assertThat(NodeClient.nodeNameProblem("")).isEqualTo("it is empty");
    assertThat(NodeClient.nodeNameProblem("a".repeat(256))).contains("longer than 255 bytes");
    assertThat(NodeClient.nodeNameProblem("é".repeat(128))).contains("longer than 255 bytes");
    assertThatThrownBy(() -> NodeClient.checkName("a.b")).isInstanceOf(ExitCodes.CliException.class)
      .hasMessage("invalid node name 'a.b': use letters, digits, '_' and '-' only")
      .satisfies(e -> assertThat(((ExitCodes.CliException) e).exitCode).isEqualTo(ExitCodes.USAGE));
  }

  @Test
  void namesOfTheOlderFormStillReferToNodes() {
    assertThat(NodeResolver.nodeName("--at", "/node/old.name")).isEqualTo("old.name");
    assertThat(NodeResolver.nodeName("--at", "節点")).isEqualTo("節点");
    assertThatThrownBy(() -> NodeResolver.nodeName("--at", "a/b")).isInstanceOf(ExitCodes.CliException.class)
      .hasMessageContaining("name a node as NAME or /node/NAME");
  }
}
