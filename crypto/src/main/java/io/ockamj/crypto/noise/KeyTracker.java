package io.ockamj.crypto.noise;

import io.ockamj.crypto.noise.SecureChannelException.Reason;

/**
 * Chooses the decryption key for a nonce (Rust {@code key_tracker.rs}). Keys change every
 * {@code interval} nonces; the tracker keeps the current key, the previous one, and how many
 * rekeys happened.
 * <p>
 * With {@code start = rekeys * interval}: a nonce in {@code [start, start + interval)} uses the
 * current key; one in {@code [start + interval, start + 2 * interval)} needs a {@link Selection#NEW
 * new} key ({@code REKEY(current)}), anything later is rejected; a nonce below {@code start} but at
 * most {@code interval} below it uses the previous key (if there is one), anything older is
 * rejected. Once the last possible interval has been reached every nonce is rejected.
 * <p>
 * Generic in the key type so that the Rust test cases (which use key handles) run unchanged; keys
 * are compared with {@link Object#equals(Object)} (identity for {@code SecretBytes}). Mutable, not
 * thread-safe.
 *
 * @param <K> the key (or key handle) type
 */
public final class KeyTracker<K> {

  /** The key to use for a nonce. */
  public enum Selection {
    /** The current key. */
    CURRENT,
    /** The previous key. */
    PREVIOUS,
    /** A key that must be derived as {@code REKEY(current)}. */
    NEW
  }

  private final long interval;
  private K current;
  private K previous;
  private long rekeys;
  private boolean maxReached;

  /**
   * Creates a tracker for a fresh channel: no rekeys yet, no previous key.
   *
   * @param initial the initial key
   * @param interval the rekey interval (32 in Ockam)
   */
  public KeyTracker(K initial, long interval) {
    this(initial, null, 0, false, interval);
  }

  /**
   * Creates a tracker in an arbitrary state (for tests and restored channels).
   *
   * @param current the current key
   * @param previous the previous key, or {@code null}
   * @param rekeys the number of rekeys so far (unsigned)
   * @param maxReached whether the last interval has been reached
   * @param interval the rekey interval
   */
  public KeyTracker(K current, K previous, long rekeys, boolean maxReached, long interval) {
    if (interval <= 0) {
      throw new IllegalArgumentException("interval must be positive");
    }
    this.current = current;
    this.previous = previous;
    this.rekeys = rekeys;
    this.maxReached = maxReached;
    this.interval = interval;
  }

  /**
   * Selects the key for a nonce without changing the state.
   *
   * @param nonce the received nonce (unsigned)
   * @return which key to use
   * @throws SecureChannelException {@link Reason#KEY_UNAVAILABLE} if no key can be used
   */
  public Selection select(long nonce) {
    if (maxReached) {
      throw new SecureChannelException(Reason.KEY_UNAVAILABLE, "all rekey intervals are exhausted");
    }
    long start = rekeys * interval;
    if (Long.compareUnsigned(nonce, start) >= 0) {
      long age = nonce - start;
      if (Long.compareUnsigned(age, interval) < 0) {
        return Selection.CURRENT;
      }
      if (Long.compareUnsigned(age, 2 * interval) < 0) {
        return Selection.NEW;
      }
      throw new SecureChannelException(Reason.KEY_UNAVAILABLE, "nonce too far in the future for the key tracker");
    }
    if (Long.compareUnsigned(start - nonce, interval) <= 0) {
      if (previous == null) {
        throw new SecureChannelException(Reason.KEY_UNAVAILABLE, "no previous key for an old nonce");
      }
      return Selection.PREVIOUS;
    }
    throw new SecureChannelException(Reason.KEY_UNAVAILABLE, "nonce too old for the key tracker");
  }

  /**
   * Like Rust's {@code get_key}: the key to use, or {@code null} when a new key must be derived.
   *
   * @param nonce the received nonce (unsigned)
   * @return the current or previous key, or {@code null} for {@link Selection#NEW}
   * @throws SecureChannelException {@link Reason#KEY_UNAVAILABLE} if no key can be used
   */
  public K getKey(long nonce) {
    switch (select(nonce)) {
      case CURRENT:
        return current;
      case PREVIOUS:
        return previous;
      default:
        return null;
    }
  }

  /**
   * Records the key that successfully decrypted a message. If it is neither the current nor the
   * previous key it becomes current, the old current becomes previous and the rekey count grows
   * (or, on the last interval, the tracker is marked exhausted).
   *
   * @param key the key that worked
   * @return the key that is no longer needed and must be wiped, or {@code null}
   */
  public K updateKey(K key) {
    if (key.equals(current) || key.equals(previous)) {
      return null;
    }
    K deleted = previous;
    previous = current;
    current = key;
    if (Long.compareUnsigned(-1L - rekeys * interval, interval) < 0) {
      maxReached = true;
    } else {
      rekeys++;
    }
    return deleted;
  }

  /**
   * @return the current key
   */
  public K current() {
    return current;
  }

  /**
   * @return the previous key, or {@code null}
   */
  public K previous() {
    return previous;
  }

  /**
   * @return the number of rekeys (unsigned)
   */
  public long rekeys() {
    return rekeys;
  }

  /**
   * @return whether every later nonce is refused
   */
  public boolean maxRekeysReached() {
    return maxReached;
  }

  @Override
  public String toString() {
    return "KeyTracker[rekeys=" + Long.toUnsignedString(rekeys) + ", maxReached=" + maxReached + "]";
  }
}
