package io.ockamj.verticles.channel;

import io.ockamj.protocol.errors.OckamException;

/**
 * Why a secure channel could not be established or a message on it was rejected.
 */
public class ChannelException extends OckamException {

  private static final long serialVersionUID = 1L;

  /** The failure reasons, counted per listener/channel set. */
  public enum Reason {
    /** A handshake message was malformed or failed authentication. */
    HANDSHAKE_FAILED,
    /** The peer's change history, purpose key or credentials did not verify. */
    IDENTITY_INVALID,
    /** The attested secure-channel key is not the key used in the Noise handshake. */
    KEY_MISMATCH,
    /** The trust policy refused the verified peer. */
    UNTRUSTED,
    /** The handshake did not complete in time. */
    TIMEOUT,
    /** A data message failed to decrypt, was replayed or was outside the window. */
    DECRYPTION_FAILED,
    /** A decrypted message could not be decoded. */
    MALFORMED_MESSAGE,
    /** The responder closed the channel as soon as it was established: its trust policy refused us (ours). */
    REFUSED,
    /** The channel is closed. */
    CLOSED
  }

  /** Why the channel failed. */
  private final Reason reason;

  /**
   * @param reason why
   * @param message a one-line description
   */
  public ChannelException(Reason reason, String message) {
    super(message, null, false);
    this.reason = reason;
  }

  /**
   * @param reason why
   * @param message a one-line description
   * @param cause the underlying failure
   */
  public ChannelException(Reason reason, String message, Throwable cause) {
    super(message, cause, false);
    this.reason = reason;
  }

  /**
   * @return why
   */
  public Reason reason() {
    return reason;
  }
}
