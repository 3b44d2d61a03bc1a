package io.ockamj.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code node create --console [HOST:PORT]}: the optional value never takes the node's name. */
class ConsoleOptionTest {

  private static NodeCommand.Create parse(String... args) {
    NodeCommand.Create c = new NodeCommand.Create();
    new CommandLine(c).parseArgs(args);
    return c;
  }

  @Test
  void withoutAValueItListensOnLoopbackAndTheNameStaysTheName() {
    NodeCommand.Create before = parse("--console", "n1");
    assertThat(before.console).isEqualTo("127.0.0.1:0");
    assertThat(before.name).isEqualTo("n1");
    NodeCommand.Create after = parse("n1", "--console");
    assertThat(after.console).isEqualTo("127.0.0.1:0");
    assertThat(after.name).isEqualTo("n1");
    NodeCommand.Create flags = parse("--console", "--foreground", "n1");
    assertThat(flags.console).isEqualTo("127.0.0.1:0");
    assertThat(flags.foreground).isTrue();
    assertThat(flags.name).isEqualTo("n1");
  }

  @Test
  void aHostPortIsTheValue() {
    NodeCommand.Create spaced = parse("--console", "127.0.0.1:9000", "n1");
    assertThat(spaced.console).isEqualTo("127.0.0.1:9000");
    assertThat(spaced.name).isEqualTo("n1");
    NodeCommand.Create attached = parse("--console=0.0.0.0:0", "n1");
    assertThat(attached.console).isEqualTo("0.0.0.0:0");
    assertThat(attached.name).isEqualTo("n1");
    NodeCommand.Create alone = parse("--console", "localhost:80");
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
