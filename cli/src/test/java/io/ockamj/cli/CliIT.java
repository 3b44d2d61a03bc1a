package io.ockamj.cli;

import io.ockamj.cli.OckamCli.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a user runs it: separate JVM processes talking over 127.0.0.1. */
class CliIT {

  /** The nodes' state: a temporary OCKAM_HOME, not the user's. */
  @TempDir
  Path home;

  private final OckamCli.Spawned spawned = new OckamCli.Spawned();

  private Run run(String... args) throws Exception {
    return OckamCli.home(home).run(args);
  }

  @AfterEach
  void kill() {
    spawned.close();
  }

  @Test
  void nodeCreateThenMessageSendThroughHopThenCleanStop() throws Exception {
    OckamCli.Foreground node = OckamCli.home(home).foreground(spawned, "n1");
    int port = node.port();

    Run echo = run("message", "send", "hello", "--to", "/ip4/127.0.0.1/tcp/" + port + "/service/echo");
    assertThat(echo.exitCode()).isZero();
    assertThat(echo.text()).isEqualTo("hello");

    Run upper = run("message", "send", "hello", "--to", "/ip4/127.0.0.1/tcp/" + port + "/service/hop/service/uppercase");
    assertThat(upper.exitCode()).isZero();
    assertThat(upper.text()).isEqualTo("HELLO");

    // n1 is a node of this OCKAM_HOME: the command line asks it, and learns that nothing is there
    Run nobody = run("message", "send", "x", "--to", "/ip4/127.0.0.1/tcp/" + port + "/service/nobody", "--timeout", "500ms");
    assertThat(nobody.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(nobody.errText()).startsWith("error: node 'n1' has no service 'nobody'").doesNotContain("\n").doesNotContain("Exception");

    node.stop(); // SIGTERM
    assertThat(node.process().exitValue()).isIn(0, 143);

    Run refused = run("message", "send", "x", "--to", "/ip4/127.0.0.1/tcp/" + port + "/service/echo");
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(refused.errText()).contains("cannot connect to 127.0.0.1:" + port).doesNotContain("\n");
  }

  @Test
  void badArgumentsGiveAOneLineReasonAndUsageExitCode() throws Exception {
    Run bad = run("message", "send", "x", "--to", "/bogus/1");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.errText()).startsWith("error: invalid --to '/bogus/1'").doesNotContain("\n");

    Run missing = run("message", "send", "x");
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.errText()).contains("Missing required option: '--to=ROUTE'");

    Run help = run("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.text()).contains("node", "message", "demo");
  }
}
