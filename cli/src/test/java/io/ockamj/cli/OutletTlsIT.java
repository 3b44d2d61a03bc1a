package io.ockamj.cli;

import io.ockamj.testing.Await;
import io.ockamj.testing.Keytool;
import io.ockamj.testing.PortalProbe;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ockam tcp-outlet create --tls}, as Rust 0.139: the outlet connects to its target with TLS.
 * The targets are TLS echo servers of this test on 127.0.0.1 with self-signed certificates made by
 * the JDK's keytool; the nodes trust one of them through
 * {@code OCKAM_NODE_JAVA_OPTS=-Djavax.net.ssl.trustStore=...} (ours).
 */
class OutletTlsIT {

  private static final String PASSWORD = Keytool.PASSWORD;

  @TempDir
  Path dir;

  private final OckamCli.Spawned spawned = new OckamCli.Spawned();
  private final List<TlsEcho> servers = new ArrayList<>();

  @AfterEach
  void tearDown() throws IOException {
    spawned.close();
    for (TlsEcho s : servers) {
      s.close();
    }
  }

  @Test
  void anOutletWithTlsReachesItsTargetOnlyWhenItTrustsItsCertificate() throws Exception {
    Path trusted = keyPair("trusted");
    Path untrusted = keyPair("untrusted");
    Path trustStore = dir.resolve("trust.p12");
    trust(trusted, "trusted", trustStore);
    OckamCli cli = OckamCli.home(dir.resolve("home")).env(Map.of("OCKAM_NODE_JAVA_OPTS",
      "-XX:+UseSerialGC -Xmx96m -Djavax.net.ssl.trustStore=" + trustStore + " -Djavax.net.ssl.trustStorePassword=" + PASSWORD));
    TlsEcho good = server(trusted);
    TlsEcho bad = server(untrusted);
    spawned.node(cli.json("node", "create", "outlets", "--output", "json"));
    spawned.node(cli.json("node", "create", "inlets", "--output", "json"));

    // with --tls and a trusted certificate: data flows, and the outlet survives a restart of its node
    JsonObject created = cli.json("tcp-outlet", "create", "--at", "outlets", "--to", "127.0.0.1:" + good.port(), "--tls",
      "--from", "tls", "--output", "json");
    assertThat(created.getString("worker_addr")).isEqualTo("/service/tls");
    String from = inlet(cli, "tls");
    assertThat(PortalProbe.roundTrip(from, "hello over TLS")).isEqualTo("hello over TLS");
    int handshakes = good.handshakes.size();
    assertThat(handshakes).as("TLS handshakes with the target").isPositive();
    assertThat(good.failures).isEmpty();
    assertThat(cli.run("node", "stop", "outlets").exitCode()).isZero();
    spawned.node(cli.json("node", "start", "outlets", "--output", "json"));
    PortalProbe.eventuallyEchoes(from, 30_000);
    assertThat(good.handshakes.size()).as("the restored outlet speaks TLS").isGreaterThan(handshakes);
    assertThat(good.failures).isEmpty();

    // without --tls the target gets bytes that are no TLS record: its handshake fails
    cli.ok("tcp-outlet", "create", "--at", "outlets", "--to", "127.0.0.1:" + good.port(), "--from", "plain");
    String plain = inlet(cli, "plain");
    try (Socket c = connect(plain)) {
      c.getOutputStream().write("not TLS".getBytes(StandardCharsets.UTF_8));
      Await.until("the target's handshake failed", () -> !good.failures.isEmpty(), Duration.ofSeconds(30));
    }

    // with --tls and a certificate the node does not trust: the connection is refused, counted and logged
    long dropsBefore = noRoute(cli);
    cli.ok("tcp-outlet", "create", "--at", "outlets", "--to", "127.0.0.1:" + bad.port(), "--tls", "--from", "untrusted");
    String refused = inlet(cli, "untrusted");
    try (Socket c = connect(refused)) {
      c.getOutputStream().write("secret".getBytes(StandardCharsets.UTF_8));
      assertThat(c.getInputStream().read()).as("the client is closed, nothing echoed").isEqualTo(-1);
    }
    assertThat(bad.handshakes).isEmpty();
    Await.until("the drop is counted", () -> CliFixtures.uncheck(() -> noRoute(cli)) > dropsBefore, Duration.ofSeconds(30));
    Path log = cli.home().resolve("nodes").resolve("outlets").resolve("stderr.log");
    Await.until("the refusal is logged", () -> CliFixtures.uncheck(() -> Files.readString(log)).contains("cannot connect with TLS to target 127.0.0.1:"
      + bad.port()), Duration.ofSeconds(30));

    JsonArray list = cli.jsonArray("tcp-outlet", "list", "--at", "outlets", "--output", "json");
    assertThat(list).hasSize(3);
  }

  @Test
  void theHelpSaysHowToTrustATarget() throws Exception {
    OckamCli cli = OckamCli.home(dir.resolve("home"));
    assertThat(cli.ok("tcp-outlet", "create", "--help")).contains("--tls").contains("(ours)");
  }

  private static long noRoute(OckamCli cli) throws Exception {
    return cli.json("node", "show", "outlets", "--output", "json").getJsonObject("dropped_messages").getLong("no_route", 0L);
  }

  private String inlet(OckamCli cli, String outlet) throws Exception {
    return cli.json("tcp-inlet", "create", "--at", "inlets", "--from", "127.0.0.1:0", "--to",
      "/node/outlets/secure/api/service/" + outlet, "--alias", outlet, "--output", "json").getString("from");
  }

  private static Socket connect(String hostPort) throws IOException {
    int colon = hostPort.lastIndexOf(':');
    Socket s = new Socket();
    s.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))), 5000);
    s.setSoTimeout(30_000);
    return s;
  }

  private TlsEcho server(Path keyStore) throws Exception {
    TlsEcho s = new TlsEcho(keyStore);
    servers.add(s);
    return s;
  }

  private Path keyPair(String alias) throws Exception {
    return Keytool.keyPair(dir, alias, "SAN=ip:127.0.0.1,dns:localhost");
  }

  private void trust(Path keyStore, String alias, Path trustStore) throws Exception {
    Keytool.trust(dir, keyStore, alias, trustStore);
  }

  /** A TLS echo server on 127.0.0.1 (a daemon thread per connection); records handshakes and their failures. */
  private static final class TlsEcho implements AutoCloseable {
    final Queue<String> handshakes = new ConcurrentLinkedQueue<>();
    final Queue<Exception> failures = new ConcurrentLinkedQueue<>();
    private final SSLServerSocket server;

    TlsEcho(Path keyStore) throws Exception {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keyStore)) {
        ks.load(in, PASSWORD.toCharArray());
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, PASSWORD.toCharArray());
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
      daemon(this::accept).start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void accept() {
      while (!server.isClosed()) {
        SSLSocket s;
        try {
          s = (SSLSocket) server.accept();
        } catch (IOException e) {
          return;
        }
        daemon(() -> {
          try (s) {
            s.startHandshake();
            handshakes.add(s.getSession().getProtocol());
            s.getInputStream().transferTo(s.getOutputStream());
          } catch (IOException e) {
            if (s.getSession() == null || !s.getSession().isValid()) {
              failures.add(e);
            }
          }
        }).start();
      }
    }

    private static Thread daemon(Runnable r) {
      Thread t = new Thread(r, "tls-echo");
      t.setDaemon(true);
      return t;
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
