package io.ockamj.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every get-started example as its {@code main} would and checks what it prints; none may log
 * a SEVERE record (each closes Vert.x while its nodes still run).
 */
class ExamplesTest {

  private static List<String> run(Consumer<PrintStream> example) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (SevereLogs severe = new SevereLogs();
         PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      example.accept(out);
      assertThat(severe.records()).as("SEVERE log records").isEmpty();
    }
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void helloWorker() {
    assertThat(run(HelloWorker::run)).containsExactly("Echoer received: Hello Ockam!", "App received: Hello Ockam!");
  }

  @Test
  void routingOverHops() {
    List<String> lines = run(RoutingOverHops::run);
    assertThat(lines).hasSize(8);
    // there through the hops, and back through them: each put itself on the return route
    assertThat(lines.subList(0, 6)).containsExactly("h1 forwards to h2", "h2 forwards to h3", "h3 forwards to echoer",
      "Echoer received: Hello Ockam!", "h3 forwards to h2", "h2 forwards to h1");
    assertThat(lines.get(6)).matches("h1 forwards to [0-9a-f]{32}");
    assertThat(lines.get(7)).isEqualTo("App received: Hello Ockam! (return route was 0#h1 => 0#h2 => 0#h3 => 0#echoer)");
  }

  @Test
  void routingOverTcp() {
    List<String> lines = run(RoutingOverTcp::run);
    assertThat(lines.get(0)).matches("Responder listening on 127\\.0\\.0\\.1:\\d+");
    assertThat(lines.subList(1, lines.size())).containsExactly("Echoer received: Hello Ockam!", "App received: Hello Ockam!");
  }

  @Test
  void secureChannelOverTcp() {
    List<String> lines = run(SecureChannelOverTcp::run);
    assertThat(lines).hasSize(4);
    String bob = lines.get(0).substring("Bob is ".length());
    assertThat(bob).matches("I[0-9a-f]{64}");
    assertThat(lines.get(1)).isEqualTo("Secure channel established with " + bob);
    assertThat(lines.subList(2, 4)).containsExactly("Echoer received: Hello Ockam!", "App received: Hello Ockam!");
  }

  @Test
  void secureChannelThroughRelay() {
    List<String> lines = run(SecureChannelThroughRelay::run);
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).matches("Relay node listening on 127\\.0\\.0\\.1:\\d+");
    assertThat(lines.get(1)).isEqualTo("Bob registered the relay forward_to_bob");
    assertThat(lines.get(2)).matches("Secure channel established with I[0-9a-f]{64} through the relay");
    assertThat(lines.subList(3, 5)).containsExactly("Echoer received: Hello Ockam!", "App received: Hello Ockam!");
  }

  @Test
  void portalInCode() {
    List<String> lines = run(PortalInCode::run);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo("Outlet outlet -> the service");
    assertThat(lines.get(1)).matches("Inlet listening on 127\\.0\\.0\\.1:\\d+");
    assertThat(lines.get(2)).isEqualTo("Client received: HELLO THROUGH THE PORTAL");
  }

  @Test
  void credentialsAndPolicies() {
    List<String> lines = run(CredentialsAndPolicies::run);
    assertThat(lines).containsExactly(
      "Outlet outlet allows (= subject.role \"db-client\")",
      "db-client has a credential with role=db-client",
      "web has a credential with role=web",
      "db-client sent hello, received: hello",
      "web sent hello, refused: the connection was closed",
      "db-client deleted at the authority: its portal connection was closed");
  }
}
