package io.ockamj.verticles.tools;

import io.ockamj.node.Node;
import io.ockamj.node.NodeContext;
import io.ockamj.protocol.Route;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/**
 * Sends request after request along a route that ends at an echo service and measures the replies:
 * messages per second, latency percentiles, and a SHA-256 over everything that came back, to prove
 * that the bytes survived the trip. Used by {@code ockam demo} and the TCP benchmark harness.
 */
public final class RequestReplyProbe {

  /**
   * What a probe measured.
   *
   * @param messages replies received
   * @param bytes payload bytes sent (and received)
   * @param seconds wall time
   * @param p50Micros median round trip in microseconds
   * @param p99Micros 99th-percentile round trip in microseconds
   * @param sentSha256 SHA-256 over the payloads sent, in order
   * @param receivedSha256 SHA-256 over the payloads received, in order
   */
  public record Result(long messages, long bytes, double seconds, double p50Micros, double p99Micros,
                       String sentSha256, String receivedSha256) {

    /**
     * @return replies per second
     */
    public double messagesPerSecond() {
      return messages / seconds;
    }

    /**
     * @return {@code true} if what came back is what was sent
     */
    public boolean intact() {
      return sentSha256.equals(receivedSha256);
    }
  }

  private RequestReplyProbe() {
  }

  /**
   * Runs a probe: {@code count} requests of {@code payloadSize} bytes, at most {@code window} in
   * flight at a time. Requests carry a sequence number, so replies are checked in send order.
   *
   * @param node the node to send from
   * @param route a route that ends at an echo service
   * @param count how many requests
   * @param payloadSize payload size in bytes (at least 8)
   * @param window how many requests may be in flight
   * @return the measurements
   */
  public static Future<Result> run(Node node, Route route, int count, int payloadSize, int window) {
    Promise<Result> result = Promise.promise();
    NodeContext ctx = node.context();
    byte[][] payloads = new byte[count][];
    // one pool of random bytes, sliced at varying offsets: cheap to produce, different per message
    byte[] pool = new byte[Math.max(8, payloadSize) + 4096];
    new Random(42).nextBytes(pool);
    long[] sentAt = new long[count];
    long[] latencies = new long[count];
    byte[][] received = new byte[count][];
    int[] state = new int[3]; // next to send, replies received, in flight
    long start = System.nanoTime();
    Runnable[] pump = new Runnable[1];
    pump[0] = () -> {
      while (state[0] < count && state[2] < window) {
        int i = state[0]++;
        int off = (i * 31) & 4095;
        byte[] p = Arrays.copyOfRange(pool, off, off + Math.max(8, payloadSize));
        p[0] = (byte) (i >>> 24);
        p[1] = (byte) (i >>> 16);
        p[2] = (byte) (i >>> 8);
        p[3] = (byte) i;
        payloads[i] = p;
        state[2]++;
        sentAt[i] = System.nanoTime();
        ctx.send(route, p).onFailure(result::tryFail);
      }
    };
    receiveLoop(ctx, count, sentAt, latencies, received, state, pump, result, start, payloads);
    // replies come back through the connection or channel the route enters
    node.resolve(route).onSuccess(r -> node.flowControls().addConsumerOfNextHop(ctx.address(), r))
      .onComplete(ar -> node.vertx().runOnContext(v -> pump[0].run()));
    return result.future().eventually(ctx::close);
  }

  private static void receiveLoop(NodeContext ctx, int count, long[] sentAt, long[] latencies, byte[][] received, int[] state,
                                  Runnable[] pump, Promise<Result> result, long start, byte[][] payloads) {
    ctx.receive(Duration.ofSeconds(30)).onComplete(ar -> {
      if (ar.failed()) {
        result.tryFail(ar.cause());
        return;
      }
      byte[] p = ar.result().payload();
      int i = ((p[0] & 0xFF) << 24) | ((p[1] & 0xFF) << 16) | ((p[2] & 0xFF) << 8) | (p[3] & 0xFF);
      if (i < 0 || i >= count || received[i] != null) {
        result.tryFail(new IllegalStateException("unexpected reply with sequence number " + i));
        return;
      }
      latencies[i] = System.nanoTime() - sentAt[i];
      received[i] = p;
      state[1]++;
      state[2]--;
      if (state[1] == count) {
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        long bytes = 0;
        for (byte[] b : payloads) {
          bytes += b.length;
        }
        long total = bytes;
        // hashing can take seconds for large runs: keep it off the event loop
        ctx.vertx().executeBlocking(() -> new Result(count, total, seconds, sorted[count / 2] / 1e3,
          sorted[(int) (count * 0.99)] / 1e3, sha256(payloads), sha256(received)), false).onComplete(result);
        return;
      }
      pump[0].run();
      receiveLoop(ctx, count, sentAt, latencies, received, state, pump, result, start, payloads);
    });
  }

  private static String sha256(byte[][] chunks) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (byte[] c : chunks) {
        d.update(c);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
