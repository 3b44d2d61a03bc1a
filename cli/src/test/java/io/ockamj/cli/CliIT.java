package io.ockamj.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a user runs it: separate JVM processes talking over 127.0.0.1. */
class CliIT {

  /** The nodes' state: a temporary OCKAM_HOME, not the user's. */
  @TempDir
  Path home;

  private final List<Process> processes = new ArrayList<>();

  record Run(int exitCode, String out, String err) {
  }

  private ProcessBuilder java(String... args) {
    List<String> cmd = new ArrayList<>(List.of(
      System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
      "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dockam.home=" + home, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd);
  }

  private Run run(String... args) throws Exception {
    Process p = java(args).start();
    processes.add(p);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out.trim(), err.trim());
  }

  @AfterEach
  void kill() {
    processes.forEach(Process::destroyForcibly);
  }

  private static final Pattern READY = Pattern.compile("Node (\\S+) is running, listening on 127\\.0\\.0\\.1:(\\d+), identity (I[0-9a-f]{64})");

  /** Starts a foreground node and returns its port once it printed its ready line. */
  private int startNode(Process[] holder, String name) throws IOException {
    Process p = java("node", "create", name, "--foreground", "--tcp-listener-address", "127.0.0.1:0")
      .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    processes.add(p);
    holder[0] = p;
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = r.readLine();
    assertThat(line).isNotNull();
    Matcher m = READY.matcher(line);
    assertThat(m.matches()).as("ready line: %s", line).isTrue();
    assertThat(m.group(1)).isEqualTo(name);
    return Integer.parseInt(m.group(2));
  }

  @Test
  void nodeCreateThenMessageSendThroughHopThenCleanStop() throws Exception {
    Process[] node = new Process[1];
    int port = startNode(node, "n1");

    Run echo = run("message", "send", "hello", "--to", "/ip4/127.0.0.1/tcp/" + port + "/service/echo");
    assertThat(echo.exitCode()).isZero();
    assertThat(echo.out()).isEqualTo("hello");

    Run upper = run("message", "send", "hello", "--to", "/ip4/127.0.0.1/tcp/" + port + "/service/hop/service/uppercase");
    assertThat(upper.exitCode()).isZero();
    assertThat(upper.out()).isEqualTo("HELLO");

    // n1 is a node of this OCKAM_HOME: the command line asks it, and learns that nothing is there
    Run nobody = run("message", "send", "x", "--to", "/ip4/127.0.0.1/tcp/" + port + "/service/nobody", "--timeout", "500ms");
    assertThat(nobody.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(nobody.err()).startsWith("error: node 'n1' has no service 'nobody'").doesNotContain("\n").doesNotContain("Exception");

    node[0].destroy(); // SIGTERM
    assertThat(node[0].waitFor(15, TimeUnit.SECONDS)).isTrue();
    assertThat(node[0].exitValue()).isIn(0, 143);

    Run refused = run("message", "send", "x", "--to", "/ip4/127.0.0.1/tcp/" + port + "/service/echo");
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(refused.err()).contains("cannot connect to 127.0.0.1:" + port).doesNotContain("\n");
  }

  @Test
  void badArgumentsGiveAOneLineReasonAndUsageExitCode() throws Exception {
    Run bad = run("message", "send", "x", "--to", "/bogus/1");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).startsWith("error: invalid --to '/bogus/1'").doesNotContain("\n");

    Run missing = run("message", "send", "x");
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("Missing required option: '--to=ROUTE'");

    Run help = run("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("node", "message", "demo");
  }
}
