package io.ockamj.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeConfigurationTest {

  private static final String CONFIG = """
    name: $NAME
    variables:
      NAME: from-file
      OUT_PORT: 5432
    tcp-listener-address: 127.0.0.1:${LISTEN:-0}
    tcp-outlets:
      db: { to: 127.0.0.1:$OUT_PORT }
    """;

  @Test
  void variablesComeFromTheCommandLineThenTheEnvironmentThenTheFile() {
    Map<String, String> env = Map.of("OUT_PORT", "6000");
    String text = NodeConfiguration.resolve(CONFIG, NodeConfiguration.variables(List.of("NAME=cli")), env::get);
    assertThat(text).contains("name: cli", "127.0.0.1:6000", "127.0.0.1:0");

    RunConfig cfg = NodeConfiguration.toRunConfig("--configuration", NodeConfiguration.resolve(CONFIG, Map.of(), k -> null), null);
    assertThat(cfg.nodes()).hasSize(1);
    RunConfig.NodeSpec n = cfg.nodes().get(0);
    assertThat(n.name()).isEqualTo("from-file");
    assertThat(n.tcpListenerAddress()).isEqualTo("127.0.0.1:0");
    assertThat(n.outlets()).extracting(RunConfig.Outlet::to).containsExactly("127.0.0.1:5432");

    // the NAME argument wins over the file's name
    assertThat(NodeConfiguration.toRunConfig("x", "tcp-outlets: { db: { to: 127.0.0.1:1 } }", "given").nodes().get(0).name())
      .isEqualTo("given");
    // no name at all: a random one
    assertThat(NodeConfiguration.toRunConfig("x", "{}", null).nodes().get(0).name()).matches("[a-z]+-[a-z]+");
  }

  @Test
  void badVariablesAreOneLineErrors() {
    assertThatThrownBy(() -> NodeConfiguration.variables(List.of("K")))
      .hasMessage("invalid value 'K' for '--variable <VARIABLE>': invalid key=value pair: no `=` found in `K`");
    assertThatThrownBy(() -> NodeConfiguration.variables(List.of("K=")))
      .hasMessage("Empty value for variable 'K'");
    assertThatThrownBy(() -> NodeConfiguration.variables(List.of("K=1", "K=2")))
      .hasMessageStartingWith("The variable with key K is duplicated");
    assertThatThrownBy(() -> NodeConfiguration.resolve("name: $MISSING", Map.of(), k -> null))
      .hasMessage("Failed to resolve variable 'MISSING': environment variable not found");
    assertThatThrownBy(() -> NodeConfiguration.resolve("variables: { E: '' }\nname: $E", Map.of(), k -> null))
      .hasMessage("Empty value for variable 'E'");
    assertThatThrownBy(() -> NodeConfiguration.toRunConfig("--configuration", "kafka-inlet: {}", "n"))
      .hasMessageStartingWith("--configuration: kafka-inlet: unknown key");
  }

  @Test
  void runTakesInlineConfigurationsWithVariables() {
    String[] r = HelpTest.capture("run", "--inline", "nodes: { n: { tcp-listener-address: $NO_SUCH_VARIABLE_Y } }");
    assertThat(r[0]).isEqualTo(String.valueOf(ExitCodes.FAILURE));
    assertThat(r[2]).isEqualTo("error: Failed to resolve variable 'NO_SUCH_VARIABLE_Y': environment variable not found");
    r = HelpTest.capture("run", "--inline", "variables: { P: 99999 }\nnodes: { n: { tcp-listener-address: 127.0.0.1:$P } }");
    assertThat(r[0]).isEqualTo(String.valueOf(ExitCodes.USAGE));
    assertThat(r[2]).startsWith("error: --inline: nodes.n.tcp-listener-address: invalid");
    r = HelpTest.capture("run");
    assertThat(r[0]).isEqualTo(String.valueOf(ExitCodes.USAGE));
  }
}
