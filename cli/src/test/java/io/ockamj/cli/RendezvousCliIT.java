package io.ockamj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ockamj.cli.OckamCli.Run;
import io.ockamj.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ockam rendezvous create} in the foreground on 127.0.0.1 (UDP and TCP port 0) as a real
 * process, and {@code ockam rendezvous get-my-address} processes asking it over UDP.
 */
class RendezvousCliIT {

  private static final Pattern LISTENING =
    Pattern.compile("Rendezvous server listening on UDP 127\\.0\\.0\\.1:(\\d+), healthcheck on TCP 127\\.0\\.0\\.1:(\\d+)");

  @TempDir
  Path home;

  private final OckamCli.Spawned spawned = new OckamCli.Spawned();

  @AfterEach
  void tearDown() {
    spawned.close();
  }

  /** A started server: its process, its ports, and the file its standard error goes to. */
  private record Server(Process process, int udpPort, int tcpPort, Path stderr) {

    String err() throws java.io.IOException {
      return Files.readString(stderr, StandardCharsets.UTF_8);
    }
  }

  private Server start() throws Exception {
    Path errFile = home.resolve("rendezvous.stderr");
    Process p = spawned.process(OckamCli.home(home).builder("rendezvous", "create", "--udp", "127.0.0.1:0",
      "--healthcheck", "127.0.0.1:0").redirectError(errFile.toFile()).start());
    Matcher[] m = new Matcher[1];
    Await.until("the server says where it listens", () -> {
      try {
        m[0] = LISTENING.matcher(Files.readString(errFile, StandardCharsets.UTF_8));
        return m[0].find() || !p.isAlive();
      } catch (java.io.IOException e) {
        return false;
      }
    }, Duration.ofSeconds(60));
    assertThat(p.isAlive()).as("the server runs; stderr: %s", Files.readString(errFile)).isTrue();
    return new Server(p, Integer.parseInt(m[0].group(1)), Integer.parseInt(m[0].group(2)), errFile);
  }

  @Test
  void getMyAddressFromAForegroundServer() throws Exception {
    Server server = start();
    assertThat(server.err()).contains("To exit and stop the Rendezvous Server, please press Ctrl+C");

    Run r = OckamCli.home(home).run("rendezvous", "get-my-address", "127.0.0.1:" + server.udpPort());
    r.assertOk();
    // as Rust: the answer is a log line on stderr, nothing on stdout
    assertThat(r.out()).isEmpty();
    Matcher m = Pattern.compile("Your public UDP address is 127\\.0\\.0\\.1:(\\d+)").matcher(r.err());
    assertThat(m.find()).as(r.err()).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isPositive().isNotEqualTo(server.udpPort());

    // OCKAM_RENDEZVOUS_SERVER is the default server
    Run byEnv = OckamCli.home(home).env(java.util.Map.of("OCKAM_RENDEZVOUS_SERVER", "127.0.0.1:" + server.udpPort()))
      .run("rendezvous", "get-my-address");
    byEnv.assertOk();
    assertThat(byEnv.err()).contains("Your public UDP address is 127.0.0.1:");

    // the TCP health check pings the service over UDP and says it is alive
    try (Socket s = new Socket("127.0.0.1", server.tcpPort())) {
      s.setSoTimeout(15_000);
      s.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200 OK\r\n\r\nAlive\n");
    }

    // Ctrl+C (SIGTERM) stops it cleanly
    server.process().destroy();
    assertThat(server.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(server.process().exitValue()).as("exit code; stderr %s", server.err()).isEqualTo(143);
    assertThat(server.err()).contains("Exit signal received").contains("Rendezvous Server stopped successfully");
  }

  @Test
  void noAnswerFailsAfterTheQuickTimeout() throws Exception {
    // a UDP socket that never answers
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      Run r = OckamCli.home(home).run("rendezvous", "get-my-address", "127.0.0.1:" + silent.getLocalPort());
      assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.SOFTWARE);
      assertThat(r.err()).contains("no answer from the Rendezvous service at 127.0.0.1:" + silent.getLocalPort() + " within 3 s");
    }
  }

  @Test
  void helpAndBadArguments() throws Exception {
    OckamCli cli = OckamCli.home(home);
    // hidden as in Rust, but it has its help
    assertThat(cli.run("--help").out()).doesNotContain("rendezvous");
    String help = cli.ok("rendezvous", "create", "--help");
    assertThat(help).contains("--udp").contains("UDP_SOCKET_ADDRESS").contains("0.0.0.0:4000")
      .contains("--healthcheck").contains("TCP_SOCKET_ADDRESS").contains("0.0.0.0:4001").contains("--foreground").contains("--exit-on-eof");
    assertThat(cli.ok("rendezvous", "get-my-address", "--help")).contains("RENDEZVOUS_ADDRESS");
    // the variable get-my-address reads is listed, under Rust's heading
    assertThat(cli.ok("environment")).contains("UDP Puncture\n- OCKAM_RENDEZVOUS_SERVER:");
    Run bad = cli.run("rendezvous", "create", "--udp", "localhost:4000");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.SOFTWARE);
    assertThat(bad.err()).contains("--udp");
    assertThat(cli.run("rendezvous", "create", "--exit-on-eof").exitCode()).isEqualTo(ExitCodes.USAGE);
  }
}
