package io.ockamj.verticles.relay;

import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The pings of a {@link RelaySession}: their wire form (a CBOR unsigned integer holding a random
 * 63-bit number, as Rust's {@code Ping}), the numbers still unanswered and the counters. Used on the
 * session's context only, except the counters, which may be read from any thread.
 */
final class RelayPings {

  // unanswered ping numbers, with when each was sent (System.nanoTime)
  private final java.util.Map<Long, Long> outstanding = new java.util.HashMap<>();
  private volatile long sent;
  private long lastRttNanos = -1;
  private volatile long received;

  /** Makes a new ping, counts it as sent and unanswered, and returns its payload. */
  byte[] next() {
    long nonce = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
    outstanding.put(nonce, System.nanoTime());
    sent++;
    return encode(nonce);
  }

  /**
   * Handles an echoed payload: one carrying an unanswered number clears every unanswered ping.
   *
   * @param payload the echo
   * @return {@code false} if the payload is not a ping
   */
  boolean answered(byte[] payload) {
    Long nonce = decode(payload);
    if (nonce == null) {
      return false;
    }
    Long sentAt = outstanding.remove(nonce);
    lastRttNanos = -1;
    if (sentAt != null) {
      received++;
      lastRttNanos = System.nanoTime() - sentAt;
      outstanding.clear();
    }
    return true;
  }

  /** @return the round trip of the ping the last {@link #answered} call matched, or -1 if it matched none */
  long lastRttNanos() {
    return lastRttNanos;
  }

  /** @return how many pings are unanswered */
  int unanswered() {
    return outstanding.size();
  }

  /** Forgets the unanswered pings (a new relay starts with none). */
  void clear() {
    outstanding.clear();
  }

  long sent() {
    return sent;
  }

  long received() {
    return received;
  }

  static byte[] encode(long nonce) {
    return new CborWriter(9).u64(nonce).toByteArray();
  }

  /** @return the number, or {@code null} if the payload is not exactly one unsigned integer */
  static Long decode(byte[] payload) {
    try {
      CborReader r = new CborReader(payload);
      long nonce = r.readU64();
      r.expectEnd();
      return nonce;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
