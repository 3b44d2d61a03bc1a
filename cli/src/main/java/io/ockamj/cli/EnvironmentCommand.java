package io.ockamj.cli;

import io.ockamj.cli.terminal.Output;
import io.ockamj.cli.terminal.Terminal;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code ockam environment}: prints the environment variables this {@code ockam} reads, grouped and
 * described in the layout of Rust's {@code ockam environment} (a fixed text). The list is ours: Rust's
 * variables that we do not read (logging, tracing, Postgres, the Orchestrator's) are left out, and the
 * variables only we read are marked "(ours)". The text comes from the resource
 * {@code io/ockamj/cli/environment.txt}.
 */
@Command(name = "environment", mixinStandardHelpOptions = true,
  description = "Outputs information about environment variables used by the Ockam CLI.")
final class EnvironmentCommand implements Callable<Integer> {

  /** The resource that holds the text, next to this class. */
  static final String RESOURCE = "environment.txt";

  /** @return the text this command prints */
  static String text() {
    try (InputStream in = EnvironmentCommand.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the resource " + RESOURCE + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Integer call() {
    // as Rust: the text, also through a pipe (there is no JSON form)
    String text = text();
    Terminal.write(Output.of().plain(text).machine(text));
    return ExitCodes.OK;
  }
}
