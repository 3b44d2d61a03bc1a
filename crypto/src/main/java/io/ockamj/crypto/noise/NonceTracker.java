package io.ockamj.crypto.noise;

import io.ockamj.crypto.noise.SecureChannelException.Reason;

/**
 * The decryptor's replay window (Rust {@code nonce_tracker.rs}): the highest accepted nonce plus a
 * 64-bit bitmap in which bit {@code i} means "nonce {@code current - i} was accepted".
 * <p>
 * A nonce {@code n} above the current one is accepted if {@code n - current <= window} (the
 * bitmap shifts); a nonce at or below it is accepted if {@code current - n <= window} and its bit
 * is not yet set. The fresh tracker starts at {@code current = 0} with an empty bitmap, so the first
 * message may carry nonce 0. Nonces are unsigned 64-bit values.
 * <p>
 * Immutable: {@link #mark(long)} returns the next state, which the decryptor commits only after the
 * ciphertext authenticated (protection against disruption by forged packets).
 */
public final class NonceTracker {

  /** The default window: {@link ChannelEncryptor#KEY_RENEWAL_INTERVAL}. */
  public static final int DEFAULT_WINDOW = ChannelEncryptor.KEY_RENEWAL_INTERVAL;

  private final long current;
  private final long bitmap;
  private final int window;

  /**
   * Creates a fresh tracker with the default window of 32.
   */
  public NonceTracker() {
    this(DEFAULT_WINDOW);
  }

  /**
   * Creates a fresh tracker.
   *
   * @param window how far behind or ahead of the highest accepted nonce a nonce may be, 1 to 63
   */
  public NonceTracker(int window) {
    this(0, 0, window);
    if (window < 1 || window > 63) {
      throw new IllegalArgumentException("window must be 1 to 63");
    }
  }

  private NonceTracker(long current, long bitmap, int window) {
    this.current = current;
    this.bitmap = bitmap;
    this.window = window;
  }

  /**
   * Checks a nonce and returns the state that accepting it would produce; {@code this} is not
   * changed.
   *
   * @param nonce the received nonce (unsigned)
   * @return the next state
   * @throws SecureChannelException {@link Reason#NONCE_OUTSIDE_WINDOW} if the nonce is more than the
   *   window ahead of or behind the highest accepted nonce, {@link Reason#NONCE_REPLAYED} if it was
   *   already accepted
   */
  public NonceTracker mark(long nonce) {
    if (Long.compareUnsigned(nonce, current) > 0) {
      long shift = nonce - current;
      if (Long.compareUnsigned(shift, window) > 0) {
        throw new SecureChannelException(Reason.NONCE_OUTSIDE_WINDOW, "nonce too far ahead of the replay window");
      }
      return new NonceTracker(nonce, (bitmap << shift) | 1L, window);
    }
    long rel = current - nonce;
    if (Long.compareUnsigned(rel, window) > 0) {
      throw new SecureChannelException(Reason.NONCE_OUTSIDE_WINDOW, "nonce too far behind the replay window");
    }
    long bit = 1L << rel;
    if ((bitmap & bit) != 0) {
      throw new SecureChannelException(Reason.NONCE_REPLAYED, "nonce already received");
    }
    return new NonceTracker(current, bitmap | bit, window);
  }

  /**
   * @return the highest accepted nonce (0 initially)
   */
  public long current() {
    return current;
  }

  /**
   * @return the bitmap of accepted nonces relative to {@link #current()}
   */
  public long bitmap() {
    return bitmap;
  }

  @Override
  public String toString() {
    return "NonceTracker[current=" + Long.toUnsignedString(current) + ", bitmap=" + Long.toHexString(bitmap) + "]";
  }
}
