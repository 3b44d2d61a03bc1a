package io.ockamj.verticles.portal;

import io.ockamj.node.Node;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.BlockedThreadGuard;
import io.ockamj.verticles.channel.SecureChannel;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/** Inlet to outlet between two nodes over real TCP on 127.0.0.1: data, volume, concurrency, disconnects. */
@ExtendWith({VertxExtension.class, BlockedThreadGuard.class})
class PortalIT extends PortalTestSupport {

  private static final System.Logger LOG = System.getLogger(PortalIT.class.getName());

  /** Inlet on A, outlet on B; the route is direct TCP or a secure channel. */
  private String portal(Vertx vertx, int targetPort, boolean secure, InletOptions in, OutletOptions out) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    OutletOptions outlet = new OutletOptions(out);
    if (!secure) {
      outlet.addConsumerOf(b.tcpListenerFlowControlId());
    }
    await(portals(b).createOutlet("outlet", "127.0.0.1:" + targetPort, outlet));
    Route route;
    if (secure) {
      SecureChannel ch = channel(vertx, a, b);
      route = Route.of(ch.encryptor(), Address.local("outlet"));
    } else {
      route = Route.of(tcp(b), Address.local("outlet"));
    }
    Inlet inlet = await(portals(a).createInlet("127.0.0.1:0", route, in));
    assertThat(inlet.bindAddress()).startsWith("127.0.0.1:").doesNotEndWith(":0");
    return inlet.bindAddress();
  }

  @ParameterizedTest(name = "secure channel: {0}")
  @ValueSource(booleans = {false, true})
  void twoHundredConnectionsOpenedAndClosedLeaveNoWorkerBehind(boolean secure, Vertx vertx) throws Exception {
    String inlet = portal(vertx, echoServer(vertx), secure, new InletOptions(), new OutletOptions());
    Node a = nodes.get(0);
    Node b = nodes.get(1);
    // one connection first: it opens the TCP connection between the nodes, which stays
    try (Socket first = client(inlet)) {
      first.getOutputStream().write(1);
      assertThat(readExactly(first.getInputStream(), 1)).containsExactly(1);
    }
    until("the first connection's workers are gone", () -> portalWorkers(a).isEmpty() && portalWorkers(b).isEmpty(),
      java.time.Duration.ofSeconds(20));
    int[] before = {a.listWorkers().size(), b.listWorkers().size()};
    for (int round = 0; round < 10; round++) {
      List<Socket> open = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        open.add(client(inlet));
      }
      for (int i = 0; i < open.size(); i++) {
        Socket c = open.get(i);
        c.getOutputStream().write(new byte[] {(byte) round, (byte) i});
        assertThat(readExactly(c.getInputStream(), 2)).containsExactly((byte) round, (byte) i);
      }
      for (int i = 0; i < open.size(); i++) {
        // half close politely, half reset
        if (i % 2 == 0) {
          open.get(i).setSoLinger(true, 0);
        }
        open.get(i).close();
      }
    }
    try {
      until("both nodes are back to the workers they had before the 200 connections", () ->
        a.listWorkers().size() == before[0] && b.listWorkers().size() == before[1], java.time.Duration.ofSeconds(20));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + ": before " + before[0] + "/" + before[1] + ", now a=" + a.listWorkers()
        + " b=" + b.listWorkers(), e);
    }
    assertThat(portalWorkers(a)).isEmpty();
    assertThat(portalWorkers(b)).isEmpty();
  }

  @ParameterizedTest(name = "secure channel: {0}")
  @ValueSource(booleans = {false, true})
  void echoAndListing(boolean secure, Vertx vertx) throws Exception {
    String inlet = portal(vertx, echoServer(vertx), secure, new InletOptions(), new OutletOptions());
    Socket c = client(inlet);
    byte[] hello = "hello through the portal".getBytes(StandardCharsets.UTF_8);
    c.getOutputStream().write(hello);
    assertThat(readExactly(c.getInputStream(), hello.length)).isEqualTo(hello);
    // a second exchange on the same connection
    c.getOutputStream().write("again".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(readExactly(c.getInputStream(), 5), StandardCharsets.UTF_8)).isEqualTo("again");

    Portals inlets = portals.get(1);
    Portals outlets = portals.get(0);
    assertThat(inlets.inlets()).singleElement().satisfies(i -> {
      assertThat(i.bindAddress()).isEqualTo(inlet);
      assertThat(i.connections()).isEqualTo(1);
    });
    assertThat(outlets.outlets()).singleElement().satisfies(o -> {
      assertThat(o.address()).isEqualTo("outlet");
      assertThat(o.connections()).isEqualTo(1);
    });
    assertThat(portalWorkers(nodes.get(0))).hasSize(1);
    assertThat(portalWorkers(nodes.get(1))).hasSize(1);

    c.close();
    until("both ends of the portal connection stopped",
      () -> portalWorkers(nodes.get(0)).isEmpty() && portalWorkers(nodes.get(1)).isEmpty(), Duration.ofSeconds(5));
    assertThat(outlets.outlets().get(0).connections()).isZero();

    await(inlets.deleteInlet(inlet));
    assertThat(inlets.inlets()).isEmpty();
    await(outlets.deleteOutlet("outlet"));
    assertThat(outlets.outlets()).isEmpty();
    assertThat(nodes.get(1).isRegistered(Address.local("outlet"))).isFalse();
  }

  @ParameterizedTest(name = "secure channel: {0}")
  @ValueSource(booleans = {false, true})
  void aTargetThatSpeaksFirstIsHeardWholeOnEveryConnection(boolean secure, Vertx vertx) throws Exception {
    // like an SSH, SMTP or MySQL server: the banner is written the moment the connection is accepted,
    // before the client says anything, so the outlet must not lose what arrives before it is ready
    byte[] banner = new byte[3000];
    for (int i = 0; i < banner.length; i++) {
      banner[i] = (byte) ('a' + i % 26);
    }
    int target = server(vertx, s -> s.write(Buffer.buffer(banner)).onSuccess(v -> s.pipeTo(s)));
    String inlet = portal(vertx, target, secure, new InletOptions(), new OutletOptions());
    for (int i = 0; i < 20; i++) {
      try (Socket c = client(inlet)) {
        assertThat(readExactly(c.getInputStream(), banner.length)).as("banner on connection %d", i).isEqualTo(banner);
        c.getOutputStream().write("after".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(readExactly(c.getInputStream(), 5), StandardCharsets.UTF_8)).isEqualTo("after");
      }
    }
  }

  @ParameterizedTest(name = "secure channel: {0}")
  @ValueSource(booleans = {false, true})
  void twentyMegabytesWithSha256(boolean secure, Vertx vertx) throws Exception {
    String inlet = portal(vertx, echoServer(vertx), secure, new InletOptions(), new OutletOptions());
    int size = 20 * 1024 * 1024;
    Socket c = client(inlet);
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      long start = System.nanoTime();
      Future<byte[]> sent = writer.submit(() -> {
        MessageDigest sha = sha256();
        Random random = new Random(42);
        OutputStream out = c.getOutputStream();
        byte[] chunk = new byte[64 * 1024];
        for (int done = 0; done < size; done += chunk.length) {
          random.nextBytes(chunk);
          out.write(chunk);
          sha.update(chunk);
        }
        out.flush();
        return sha.digest();
      });
      MessageDigest sha = sha256();
      InputStream in = c.getInputStream();
      byte[] buf = new byte[64 * 1024];
      int total = 0;
      while (total < size) {
        int r = in.read(buf);
        assertThat(r).as("EOF after %d bytes", total).isPositive();
        sha.update(buf, 0, r);
        total += r;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(sha.digest()).isEqualTo(sent.get(30, TimeUnit.SECONDS));
      String line = String.format("20 MiB echoed through the portal (%s) in %.2f s: %.1f MiB/s each way",
        secure ? "secure channel" : "direct TCP", seconds, 20 / seconds);
      LOG.log(System.Logger.Level.INFO, line);
      System.out.println(line);
    } finally {
      writer.shutdownNow();
    }
  }

  @Test
  void aConnectionWhoseChannelClosesIsClosedAtOnce(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    await(portals(b).createOutlet("outlet", "127.0.0.1:" + echoServer(vertx), new OutletOptions()));
    SecureChannel ch = channel(vertx, a, b);
    String inlet = await(portals(a).createInlet("127.0.0.1:0", Route.of(ch.encryptor(), Address.local("outlet")),
      new InletOptions())).bindAddress();
    Socket s = client(inlet);
    s.getOutputStream().write(7);
    assertThat(readExactly(s.getInputStream(), 1)).containsExactly(7);

    // the outlet's node drops every channel with the inlet node's identity, as revocation does:
    // the connection through it closes on both sides, without waiting for traffic or a timeout
    assertThat(await(io.ockamj.verticles.channel.SecureChannels.closeAllWith(b, ch.localIdentifier()))).isEqualTo(1);
    awaitClosedByPeer(s, 5_000);
    until("no portal connection left", () -> portalWorkers(a).isEmpty() && portalWorkers(b).isEmpty(), Duration.ofSeconds(5));
  }

  @Test
  void twentyConcurrentClients(Vertx vertx) throws Exception {
    String inlet = portal(vertx, echoServer(vertx), true, new InletOptions(), new OutletOptions());
    int clients = 20;
    int size = 256 * 1024;
    ExecutorService pool = Executors.newFixedThreadPool(clients * 2);
    try {
      List<CompletableFuture<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        int seed = i;
        Socket c = client(inlet);
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
          try {
            c.getOutputStream().write(data);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }, pool);
        results.add(CompletableFuture.supplyAsync(() -> {
          try {
            byte[] back = readExactly(c.getInputStream(), size);
            written.join();
            return java.util.Arrays.equals(back, data);
          } catch (Exception e) {
            throw new IllegalStateException("client " + seed, e);
          }
        }, pool));
      }
      for (CompletableFuture<Boolean> r : results) {
        assertThat(r.get(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(portals.get(1).inlets().get(0).connections()).isEqualTo(clients);
      assertThat(portals.get(0).outlets().get(0).connections()).isEqualTo(clients);
      for (Socket s : sockets) {
        s.close();
      }
      until("all portal connections closed", () -> portals.get(0).outlets().get(0).connections() == 0
        && portals.get(1).inlets().get(0).connections() == 0, Duration.ofSeconds(5));
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest(name = "half-close: {0}")
  @ValueSource(booleans = {false, true})
  void clientCloseReachesTheTarget(boolean halfClose, Vertx vertx) throws Exception {
    Recorder target = new Recorder();
    int port = recordingServer(vertx, target, s -> s.handler(b -> { }));
    String inlet = portal(vertx, port, false, new InletOptions().setHalfClose(halfClose), new OutletOptions().setHalfClose(halfClose));
    Socket c = client(inlet);
    c.getOutputStream().write(1);
    until("the target accepted the connection", () -> target.accepted.get() == 1, Duration.ofSeconds(5));
    long start = System.nanoTime();
    c.close();
    until("the target saw the client's close", () -> target.closed.get() == 1, Duration.ofSeconds(2));
    LOG.log(System.Logger.Level.INFO, "client close reached the target in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    until("both ends of the portal connection stopped",
      () -> portalWorkers(nodes.get(0)).isEmpty() && portalWorkers(nodes.get(1)).isEmpty(), Duration.ofSeconds(3));
  }

  @ParameterizedTest(name = "half-close: {0}")
  @ValueSource(booleans = {false, true})
  void targetCloseReachesTheClient(boolean halfClose, Vertx vertx) throws Exception {
    Recorder target = new Recorder();
    // the target greets, then closes
    int port = recordingServer(vertx, target, s -> s.write("bye").onComplete(ar -> s.close()));
    String inlet = portal(vertx, port, true, new InletOptions().setHalfClose(halfClose), new OutletOptions().setHalfClose(halfClose));
    Socket c = client(inlet);
    assertThat(new String(readExactly(c.getInputStream(), 3), StandardCharsets.UTF_8)).isEqualTo("bye");
    long ms = awaitClosedByPeer(c, 2000);
    LOG.log(System.Logger.Level.INFO, "target close reached the client in " + ms + " ms");
    c.close();
    until("both ends of the portal connection stopped",
      () -> portalWorkers(nodes.get(0)).isEmpty() && portalWorkers(nodes.get(1)).isEmpty(), Duration.ofSeconds(3));
  }

  /** With half-close, a client can finish its request with a FIN and still read the answer. */
  @Test
  void halfClosedClientStillGetsTheAnswer(Vertx vertx) throws Exception {
    // the target reads until EOF, then answers with the SHA-256 of what it read and closes
    int port = server(vertx, s -> {
      assertThat(HalfClose.enable(s)).isTrue();
      endHandlerOnInputShutdown(s);
      MessageDigest sha = sha256();
      s.handler(b -> sha.update(b.getBytes()));
      s.endHandler(v -> s.end(Buffer.buffer(sha.digest())));
    });
    String inlet = portal(vertx, port, false, new InletOptions(), new OutletOptions());
    Socket c = client(inlet);
    byte[] data = new byte[300_000];
    new Random(7).nextBytes(data);
    c.getOutputStream().write(data);
    c.shutdownOutput();
    byte[] answer = readExactly(c.getInputStream(), 32);
    assertThat(answer).isEqualTo(sha256().digest(data));
    awaitClosedByPeer(c, 3000);
  }

  /** Rust behaviour (half-close off): a client FIN tears the connection down, the answer is lost. */
  @Test
  void withoutHalfCloseAClientFinTearsDown(Vertx vertx) throws Exception {
    AtomicInteger read = new AtomicInteger();
    int port = server(vertx, s -> {
      s.handler(b -> read.addAndGet(b.length()));
      s.endHandler(v -> vertx.setTimer(200, id -> s.end(Buffer.buffer("late"))));
    });
    String inlet = portal(vertx, port, false, new InletOptions().setHalfClose(false), new OutletOptions().setHalfClose(false));
    Socket c = client(inlet);
    c.getOutputStream().write("request".getBytes(StandardCharsets.UTF_8));
    // the FIN comes after the request has reached the target, so the target has an answer to lose
    until("the target read the request", () -> read.get() >= "request".length(), Duration.ofSeconds(5));
    c.shutdownOutput();
    awaitClosedByPeer(c, 3000);
  }
}
