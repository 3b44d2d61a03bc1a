package io.ockamj.crypto.noise;

import io.ockamj.crypto.primitives.CryptoException;

/**
 * The typed failure of the Noise handshake and of the data-phase encryptor/decryptor: every
 * malformed, forged, replayed or out-of-window input from a peer ends up as this exception, with a
 * {@link Reason} telling which check failed.
 * <p>
 * It carries no stack trace (it describes bad input, not a bug) and never mentions key bytes.
 * Misuse by the local caller (calling a method in the wrong handshake state, passing a payload that
 * cannot fit in a message) raises {@link IllegalStateException} / {@link IllegalArgumentException}
 * instead, and nonce exhaustion of an encryptor raises {@link IllegalStateException}.
 */
public class SecureChannelException extends CryptoException {

  private static final long serialVersionUID = 1L;

  /** Which check failed; names follow Rust's {@code IdentityError} where there is one. */
  public enum Reason {
    /** A handshake message is shorter than its fixed part or otherwise has the wrong length. */
    MESSAGE_LEN_MISMATCH,
    /** A handshake message is longer than {@link HandshakeState#MAX_MESSAGE_SIZE}. */
    MESSAGE_TOO_LARGE,
    /** AES-GCM authentication failed (handshake or data phase). */
    DECRYPTION_FAILED,
    /** The peer's public key is a low-order point (all-zero X25519 output). */
    WEAK_KEY,
    /** A data-phase message is shorter than its 8-byte nonce. */
    INVALID_NONCE,
    /** The nonce was already accepted (replay). */
    NONCE_REPLAYED,
    /** The nonce is more than the window behind or ahead of the highest accepted one. */
    NONCE_OUTSIDE_WINDOW,
    /** No key is available for the nonce's rekey interval (too old, too new, or keys exhausted). */
    KEY_UNAVAILABLE
  }

  /** Which check failed. */
  private final Reason reason;

  /**
   * Creates a failure.
   *
   * @param reason which check failed
   * @param message a description (never key bytes)
   */
  public SecureChannelException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /**
   * Creates a failure with a cause.
   *
   * @param reason which check failed
   * @param message a description (never key bytes)
   * @param cause the underlying failure, e.g. an {@link io.ockamj.crypto.primitives.AeadException}
   */
  public SecureChannelException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /**
   * @return which check failed
   */
  public Reason reason() {
    return reason;
  }
}
