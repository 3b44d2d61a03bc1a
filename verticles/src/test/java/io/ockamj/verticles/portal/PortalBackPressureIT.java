package io.ockamj.verticles.portal;

import io.ockamj.node.Node;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.BlockedThreadGuard;
import io.ockamj.verticles.channel.SecureChannel;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end back-pressure: when one end stops reading, the other end's reads stop too, the
 * mailboxes in between stay under the node's high-water mark (plus a little), and the stream resumes
 * intact when reading starts again.
 */
@ExtendWith({VertxExtension.class, BlockedThreadGuard.class})
class PortalBackPressureIT extends PortalTestSupport {

  private static final System.Logger LOG = System.getLogger(PortalBackPressureIT.class.getName());
  /**
   * The node pauses producers above its high-water mark of queued messages (at most 1024); a few more
   * may be in flight when it does. Without back-pressure the mailboxes grow by thousands per second.
   */
  private static final int PENDING_BOUND = 1024 + 128;
  private static final int CHUNK = 64 * 1024;

  /** Byte {@code i} of the test stream. */
  private static byte streamByte(long i) {
    return (byte) ((i * 31 + (i >>> 11)) & 0xFF);
  }

  private static void fill(byte[] b, long offset) {
    for (int i = 0; i < b.length; i++) {
      b[i] = streamByte(offset + i);
    }
  }

  private Route route(Vertx vertx, Node a, Node b, boolean secure) throws Exception {
    if (secure) {
      SecureChannel ch = channel(vertx, a, b);
      return Route.of(ch.encryptor(), Address.local("outlet"));
    }
    return Route.of(tcp(b), Address.local("outlet"));
  }

  /**
   * A target that writes the test stream forever, respecting its socket's write queue, a few chunks
   * per event-loop turn: the queue's fullness is updated by events of the same event loop (which
   * also runs the outlet that reads this socket), so a loop until it is full could spin forever.
   */
  private static void pump(NetSocket s, AtomicLong written, AtomicBoolean closed) {
    for (int n = 0; n < 8 && !closed.get() && !s.writeQueueFull(); n++) {
      byte[] b = new byte[CHUNK];
      fill(b, written.get());
      written.addAndGet(CHUNK);
      s.write(Buffer.buffer(b));
    }
    if (closed.get()) {
      return;
    }
    if (s.writeQueueFull()) {
      s.drainHandler(v -> pump(s, written, closed));
    } else {
      s.drainHandler(null);
      io.vertx.core.Vertx.currentContext().runOnContext(v -> pump(s, written, closed));
    }
  }

  /**
   * Samples a growing counter until it stops growing for {@code quietMs}; fails early if a mailbox
   * exceeds the bound.
   *
   * @return the largest pending count seen
   */
  private int waitUntilStalled(AtomicLong counter, long quietMs, Node... ns) {
    int[] maxPending = {0};
    long[] last = {-1};
    long[] since = {System.nanoTime()};
    try {
      // sampled every 20 ms: stalled is a counter that has not grown for quietMs
      until("the producer stalled (nothing written for " + quietMs + " ms)", () -> {
        maxPending[0] = Math.max(maxPending[0], maxPending(ns));
        assertThat(maxPending[0]).as("pending messages in some worker").isLessThanOrEqualTo(PENDING_BOUND);
        long now = counter.get();
        if (now != last[0]) {
          last[0] = now;
          since[0] = System.nanoTime();
          return false;
        }
        return System.nanoTime() - since[0] >= quietMs * 1_000_000;
      }, Duration.ofSeconds(20), Duration.ofMillis(20));
    } catch (AssertionError e) {
      System.out.println("DIAG the producer had written " + counter.get() + " bytes");
      throw e;
    }
    return maxPending[0];
  }

  @ParameterizedTest(name = "secure channel: {0}")
  @ValueSource(booleans = {false, true})
  void aClientThatStopsReadingStopsTheTarget(boolean secure, Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    AtomicLong written = new AtomicLong();
    AtomicBoolean closed = new AtomicBoolean();
    int port = server(vertx, s -> {
      s.closeHandler(v -> closed.set(true));
      pump(s, written, closed);
    });
    await(portals(b).createOutlet("outlet", "127.0.0.1:" + port, overTcp(b)));
    String inlet = await(portals(a).createInlet("127.0.0.1:0", route(vertx, a, b, secure), new InletOptions())).bindAddress();
    Socket c = client(inlet);
    c.setReceiveBufferSize(64 * 1024);
    // the client does not read
    int maxPending = waitUntilStalled(written, 600, a, b);
    long stalledAt = written.get();
    LOG.log(System.Logger.Level.INFO, "client not reading: target stalled after " + (stalledAt >> 20) + " MiB, max pending " + maxPending);
    System.out.printf("back-pressure (%s): target stalled after %d MiB, max mailbox depth %d%n",
      secure ? "secure channel" : "direct TCP", stalledAt >> 20, maxPending);
    assertThat(stalledAt).as("bytes buffered end to end").isLessThan(400L << 20);

    // reading again: the stream resumes, intact
    InputStream in = c.getInputStream();
    long target = stalledAt + (4L << 20);
    byte[] buf = new byte[CHUNK];
    long pos = 0;
    while (pos < target) {
      int r = in.read(buf);
      assertThat(r).isPositive();
      for (int i = 0; i < r; i++) {
        if (buf[i] != streamByte(pos + i)) {
          throw new AssertionError("stream corrupted at byte " + (pos + i));
        }
      }
      pos += r;
    }
    assertThat(written.get()).isGreaterThan(stalledAt);
    c.close();
    until("the target connection closed", () -> closed.get(), Duration.ofSeconds(5));
  }

  @ParameterizedTest(name = "secure channel: {0}")
  @ValueSource(booleans = {false, true})
  void aTargetThatStopsReadingStopsTheClient(boolean secure, Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    ConcurrentLinkedQueue<NetSocket> targets = new ConcurrentLinkedQueue<>();
    int port = server(vertx, s -> {
      s.pause();
      targets.add(s);
    });
    await(portals(b).createOutlet("outlet", "127.0.0.1:" + port, overTcp(b)));
    String inlet = await(portals(a).createInlet("127.0.0.1:0", route(vertx, a, b, secure), new InletOptions())).bindAddress();
    Socket c = client(inlet);
    c.setSendBufferSize(64 * 1024);
    AtomicLong written = new AtomicLong();
    Thread writer = new Thread(() -> {
      try {
        OutputStream out = c.getOutputStream();
        byte[] b1 = new byte[CHUNK];
        while (true) {
          fill(b1, written.get());
          out.write(b1);
          written.addAndGet(CHUNK);
        }
      } catch (Exception stopped) {
        // the socket was closed at the end of the test
      }
    }, "portal-test-writer");
    writer.setDaemon(true);
    writer.start();
    int maxPending = waitUntilStalled(written, 600, a, b);
    long stalledAt = written.get();
    System.out.printf("back-pressure (%s): client stalled after %d MiB, max mailbox depth %d%n",
      secure ? "secure channel" : "direct TCP", stalledAt >> 20, maxPending);
    assertThat(stalledAt).isLessThan(400L << 20);

    // the target reads again: everything arrives in order
    NetSocket t = targets.peek();
    assertThat(t).isNotNull();
    AtomicLong received = new AtomicLong();
    AtomicBoolean corrupt = new AtomicBoolean();
    t.handler(buf -> {
      long base = received.get();
      for (int i = 0; i < buf.length(); i++) {
        if (buf.getByte(i) != streamByte(base + i)) {
          corrupt.set(true);
        }
      }
      received.addAndGet(buf.length());
    });
    t.resume();
    try {
      until("the target received the stream", () -> received.get() >= stalledAt + (4L << 20), Duration.ofSeconds(20));
    } catch (AssertionError e) {
      System.out.println("DIAG received " + received.get() + " written " + written.get() + " stalledAt " + stalledAt);
      for (Node n : new Node[] {a, b}) {
        n.listWorkers().forEach(w -> System.out.println("DIAG " + n.name() + " " + w));
      }
      throw e;
    }
    assertThat(corrupt.get()).isFalse();
    c.close();
    writer.join(5000);
  }
}
