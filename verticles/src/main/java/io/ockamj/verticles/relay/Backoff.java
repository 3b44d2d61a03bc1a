package io.ockamj.verticles.relay;

import java.util.function.DoubleSupplier;

/**
 * Exponential back-off with jitter: {@code initial, 2*initial, 4*initial, ...} capped at {@code max},
 * each varied by a random factor in {@code [1 - jitter, 1 + jitter]}. Not thread safe.
 */
final class Backoff {

  private final long initialMs;
  private final long maxMs;
  private final double jitter;
  private final DoubleSupplier random;
  private int failures;

  /**
   * @param random uniform values in [0, 1)
   */
  Backoff(long initialMs, long maxMs, double jitter, DoubleSupplier random) {
    this.initialMs = initialMs;
    this.maxMs = Math.max(initialMs, maxMs);
    this.jitter = jitter;
    this.random = random;
  }

  /** @return the next delay in milliseconds (at least 1); each call doubles the base delay */
  long nextDelayMs() {
    long base = initialMs;
    for (int i = 0; i < failures && base < maxMs; i++) {
      base *= 2;
    }
    base = Math.min(base, maxMs);
    failures++;
    double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
    return Math.max(1, Math.round(base * factor));
  }

  /** Starts again from the initial delay. */
  void reset() {
    failures = 0;
  }
}
