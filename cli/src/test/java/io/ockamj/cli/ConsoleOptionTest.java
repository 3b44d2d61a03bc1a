package io.ockamj.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code node create --console [HOST:PORT]}: the optional value never takes the node's name. */
class ConsoleOptionTest {

  private static NodeCreateCommand parse(String... args) {
    NodeCreateCommand c = new NodeCreateCommand();
    new CommandLine(c).parseArgs(args);
    return c;
  }

  @Test
  void withoutAValueItListensOnLoopbackAndTheNameStaysTheName() {
    NodeCreateCommand before = parse("--console", "n1");
    assertThat(before.console).isEqualTo("127.0.0.1:0");
    assertThat(before.name).isEqualTo("n1");
    NodeCreateCommand after = parse("n1", "--console");
    assertThat(after.console).isEqualTo("127.0.0.1:0");
    assertThat(after.name).isEqualTo("n1");
    NodeCreateCommand flags = parse("--console", "--foreground", "n1");
    assertThat(flags.console).isEqualTo("127.0.0.1:0");
    assertThat(flags.foreground).isTrue();
    assertThat(flags.name).isEqualTo("n1");
  }

  @Test
  void aHostPortIsTheValue() {
    NodeCreateCommand spaced = parse("--console", "127.0.0.1:9000", "n1");
    assertThat(spaced.console).isEqualTo("127.0.0.1:9000");
    assertThat(spaced.name).isEqualTo("n1");
    NodeCreateCommand attached = parse("--console=0.0.0.0:0", "n1");
    assertThat(attached.console).isEqualTo("0.0.0.0:0");
    assertThat(attached.name).isEqualTo("n1");
    NodeCreateCommand alone = parse("--console", "localhost:80");
    assertThat(alone.console).isEqualTo("localhost:80");
    assertThat(alone.name).isNull();
  }

  @Test
  void withoutTheOptionThereIsNoConsole() {
    assertThat(parse("n1").console).isNull();
  }

  @Test
  void anAttachedValueMustBeAHostPort() {
    assertThatThrownBy(() -> parse("--console=bogus", "n1")).isInstanceOf(CommandLine.ParameterException.class)
      .hasMessageContaining("invalid --console 'bogus'");
  }
}
