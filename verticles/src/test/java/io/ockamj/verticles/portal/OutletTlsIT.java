package io.ockamj.verticles.portal;

import io.ockamj.testing.Keytool;
import io.ockamj.node.DropReason;
import io.ockamj.node.Node;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.BlockedThreadGuard;
import io.vertx.core.Vertx;
import io.vertx.core.net.KeyStoreOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Level;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outlets with TLS to their target (Rust's {@code tcp-outlet create --tls}): a Vert.x TLS server on
 * 127.0.0.1 with self-signed certificates made by the JDK's keytool; the JVM trusts two of them
 * through {@code javax.net.ssl.trustStore} (the JDK's default trust manager, which the outlet uses).
 */
@ExtendWith({VertxExtension.class, BlockedThreadGuard.class})
@org.junit.jupiter.api.parallel.ResourceLock(org.junit.jupiter.api.parallel.Resources.SYSTEM_PROPERTIES)
class OutletTlsIT extends PortalTestSupport {

  private static final String PASSWORD = Keytool.PASSWORD;

  @TempDir
  static Path dir;
  private static Path trusted;
  private static Path untrusted;
  private static Path wrongName;
  private static String savedTrustStore;
  private static String savedTrustStorePassword;

  @BeforeAll
  static void certificates() throws Exception {
    trusted = Keytool.keyPair(dir, "trusted", "SAN=ip:127.0.0.1,dns:localhost");
    untrusted = Keytool.keyPair(dir, "untrusted", "SAN=ip:127.0.0.1,dns:localhost");
    wrongName = Keytool.keyPair(dir, "wrong-name", "SAN=dns:other.example");
    Path trustStore = dir.resolve("trust.p12");
    Keytool.trust(dir, trusted, "trusted", trustStore);
    Keytool.trust(dir, wrongName, "wrong-name", trustStore);
    savedTrustStore = System.getProperty("javax.net.ssl.trustStore");
    savedTrustStorePassword = System.getProperty("javax.net.ssl.trustStorePassword");
    System.setProperty("javax.net.ssl.trustStore", trustStore.toString());
    System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
  }

  @AfterAll
  static void restoreTrustStore() {
    restore("javax.net.ssl.trustStore", savedTrustStore);
    restore("javax.net.ssl.trustStorePassword", savedTrustStorePassword);
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }

  /** A TLS echo server with the given key store; handshake failures are collected. */
  private int tlsEcho(Vertx vertx, Path keyStore, Queue<Throwable> failures) throws Exception {
    NetServer s = vertx.createNetServer(new NetServerOptions().setSsl(true)
        .setKeyCertOptions(new KeyStoreOptions().setType("PKCS12").setPath(keyStore.toString()).setPassword(PASSWORD)))
      .connectHandler(sock -> sock.pipeTo(sock))
      .exceptionHandler(failures::add);
    await(s.listen(0, "127.0.0.1"));
    servers.add(s);
    return s.actualPort();
  }

  private String portal(Vertx vertx, int targetPort, boolean tls) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    Outlet o = await(portals(b).createOutlet("outlet", "127.0.0.1:" + targetPort, overTcp(b).setTls(tls)));
    assertThat(o.tls()).isEqualTo(tls);
    return await(portals(a).createInlet("127.0.0.1:0", Route.of(tcp(b), Address.local("outlet")), new InletOptions())).bindAddress();
  }

  @Test
  void dataFlowsToATrustedTlsTarget(Vertx vertx) throws Exception {
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    int port = tlsEcho(vertx, trusted, failures);
    String inlet = portal(vertx, port, true);
    try (Socket c = client(inlet)) {
      byte[] text = "through TLS".getBytes(StandardCharsets.UTF_8);
      c.getOutputStream().write(text);
      assertThat(readExactly(c.getInputStream(), text.length)).isEqualTo(text);
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void withoutTlsTheTargetSeesNoHandshake(Vertx vertx) throws Exception {
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    int port = tlsEcho(vertx, trusted, failures);
    String inlet = portal(vertx, port, false);
    try (Socket c = client(inlet)) {
      c.getOutputStream().write("plain text, not a TLS record".getBytes(StandardCharsets.UTF_8));
      until("the target's handshake failed", () -> !failures.isEmpty(), Duration.ofSeconds(5));
      assertThat(awaitClosedByPeer(c, 5000)).isLessThan(5000);
    }
    assertThat(failures.peek()).hasStackTraceContaining("SSL");
  }

  @Test
  void anUntrustedCertificateRefusesTheConnectionAndCountsIt(Vertx vertx) throws Exception {
    refused(vertx, untrusted);
  }

  @Test
  void aCertificateForAnotherHostRefusesTheConnection(Vertx vertx) throws Exception {
    refused(vertx, wrongName);
  }

  private void refused(Vertx vertx, Path keyStore) throws Exception {
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    int port = tlsEcho(vertx, keyStore, failures);
    String inlet = portal(vertx, port, true);
    Node b = nodes.get(1);
    try (LogCapture log = new LogCapture(PortalsImpl.class); Socket c = client(inlet)) {
      c.getOutputStream().write("secret".getBytes(StandardCharsets.UTF_8));
      assertThat(awaitClosedByPeer(c, 5000)).as("the inlet's client is closed").isLessThan(5000);
      until("a warning", () -> log.count(Level.WARNING, "cannot connect with TLS to target 127.0.0.1:" + port) == 1,
        Duration.ofSeconds(5));
    }
    assertThat(b.drops().count(DropReason.NO_ROUTE)).isEqualTo(1);
  }
}
