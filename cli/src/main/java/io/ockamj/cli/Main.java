package io.ockamj.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code ockam} command line: runs nodes and talks to them, like Rust Ockam's {@code ockam}.
 */
@Command(name = "ockam", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
  description = "Ockam for the JVM: end-to-end encrypted, mutually authenticated connections between applications.",
  footerHeading = "%n",
  footer = {"Commands that act on a node take it as --at NODE (NAME or /node/NAME; default: the default node).",
    "Shell completion: source <(ockam completion bash)   (or zsh)."},
  subcommands = {NodeCommand.class, RunCommand.class, SecureChannelCommand.class, TcpOutletCommand.class, TcpInletCommand.class, RelayCommand.class, PolicyCommand.class,
    MessageCommand.class, WorkerCommand.class, DemoCommand.class, IdentityCommand.class, VaultCommand.class, CredentialCommand.class, StatusCommand.class, ResetCommand.class,
    CompletionCommand.class, CommandLine.HelpCommand.class})
public final class Main {

  // held here: the logging configuration keeps loggers only weakly
  private static final java.util.logging.Logger SQLITE_LOADER = java.util.logging.Logger.getLogger("org.sqlite.SQLiteJDBCLoader");

  static {
    // one line per log record, on stderr
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %4$s %5$s%6$s%n");
    }
    // sqlite-jdbc extracts its native library per process and, on loading, deletes the copies other
    // processes left; two commands starting at once race on that and it logs a SEVERE stack trace
    // on stderr for a file the other one already deleted. Harmless: that record alone is dropped.
    SQLITE_LOADER.setFilter(r -> r.getMessage() == null || !r.getMessage().startsWith("Failed to delete old native lib"));
  }

  private Main() {
  }

  /**
   * Runs the command line and exits with its code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the command line.
   *
   * @param args the arguments
   * @return the exit code
   */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      cmd.getErr().println(cmd.getColorScheme().errorText("error: " + ExitCodes.describe(ex)));
      return ExitCodes.of(ex);
    });
    return cl.execute(args);
  }

  /** Prints the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"ockam (JVM) " + (v == null ? "development build" : v) + ", wire-compatible with Rust Ockam 0.1xx (Oct 2024)"};
    }
  }
}
