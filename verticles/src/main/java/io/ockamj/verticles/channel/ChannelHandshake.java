package io.ockamj.verticles.channel;

import io.ockamj.crypto.noise.ChannelEncryptor;
import io.ockamj.crypto.noise.HandshakeState;
import io.ockamj.crypto.noise.SecureChannelMessage;
import io.ockamj.crypto.noise.SecureChannelPaddedMessage;
import io.ockamj.crypto.noise.TransportKeys;
import io.ockamj.node.spi.CryptoWorkers;
import io.ockamj.protocol.errors.OckamException;

/**
 * One side's Noise XX handshake of a secure channel: the handshake state, each step (read the
 * peer's message, verify the peer, write ours, split) and the refusal of a peer that does not
 * verify. The steps use private keys and run on a crypto worker; the decryptor's sequential mailbox
 * hands them over one at a time.
 */
final class ChannelHandshake {

  /** What one handshake step produced: the message to send (or none), the keys and peer once done. */
  record Step(byte[] reply, TransportKeys keys, TrustPolicy.Peer peer) {
  }

  /** A responder's refusal of the initiator's identity (invalid, superseded or untrusted), with the Close that tells it. */
  static final class Refusal extends ChannelException {
    final transient byte[] close;

    Refusal(ChannelException cause, byte[] close) {
      super(cause.reason(), cause.getMessage());
      this.close = close;
    }
  }

  private final SecureChannels channels;
  private final ChannelIdentity local;
  private final PeerVerification verification;
  private final boolean initiator;
  // made on a crypto worker, read on the decryptor's context (handed over with the task's outcome)
  private volatile HandshakeState handshake;
  // the responder: message 1 was taken (its handshake state is made with it)
  private boolean responderStarted;
  // the decryptor stopped: a state made after that is wiped at once (guarded by this)
  private boolean destroyed;

  ChannelHandshake(SecureChannels channels, ChannelIdentity local, PeerVerification verification, boolean initiator) {
    this.channels = channels;
    this.local = local;
    this.verification = verification;
    this.initiator = initiator;
  }

  /**
   * The initiator's start, on a crypto worker: makes the handshake state (an ephemeral key) and
   * message 1.
   *
   * @return message 1
   */
  byte[] message1() {
    CryptoWorkers.requireCryptoWorker("the handshake's first message");
    return adopt(local.handshake(true)).writeMessage(new byte[0]);
  }

  /**
   * Takes the turn to read the peer's next message, if it is ours (on the decryptor's context).
   *
   * @return {@code false} if no message is expected now (drop it)
   */
  boolean takeTurn() {
    boolean ourTurn = handshake == null ? !initiator && !responderStarted
      : handshake.getAction() == HandshakeState.Action.READ_MESSAGE;
    if (ourTurn) {
      responderStarted = true;
    }
    return ourTurn;
  }

  /**
   * One step, on a crypto worker: reads the peer's message and writes the answer; once the peer's
   * identity is in, verifies it and splits. The responder makes its handshake state here, at
   * message 1, in the same crypto task.
   *
   * @param in the peer's message
   * @return what the step produced
   * @throws ChannelException when the message or the peer does not verify ({@link Refusal} for a
   *   responder that refuses a peer after agreeing keys with it)
   */
  Step step(byte[] in) {
    CryptoWorkers.requireCryptoWorker("a handshake step");
    if (handshake == null) {
      adopt(local.handshake(false)); // the responder, at message 1
    }
    byte[] payload;
    try {
      payload = handshake.readMessage(in);
    } catch (OckamException e) {
      throw new ChannelException(ChannelException.Reason.HANDSHAKE_FAILED, "invalid handshake message: " + e.getMessage(), e);
    }
    if (!initiator && handshake.getAction() == HandshakeState.Action.WRITE_MESSAGE) {
      // responder, message 1 read: answer with message 2 carrying our identity
      return new Step(handshake.writeMessage(channels.presentingIdentity().handshakePayload().encode()), null, null);
    }
    TrustPolicy.Peer peer;
    try {
      peer = verification.handshakePayload(payload, handshake.getRemoteStaticPublicKey());
    } catch (ChannelException e) {
      if (initiator) {
        throw e;
      }
      // the last message decrypted, so the keys are agreed: tell the initiator that it was refused
      try (TransportKeys keys = handshake.split(); ChannelEncryptor encryptor = keys.newEncryptor()) {
        throw new Refusal(e, encryptor.encrypt(SecureChannelPaddedMessage.encode(SecureChannelMessage.Close.INSTANCE)));
      }
    }
    byte[] reply = null;
    if (initiator) {
      reply = handshake.writeMessage(channels.presentingIdentity().handshakePayload().encode());
    }
    return new Step(reply, handshake.split(), peer);
  }

  /** Wipes the handshake's secrets, now and of a state still being made (idempotent). */
  synchronized void destroy() {
    destroyed = true;
    if (handshake != null) {
      handshake.destroy();
    }
  }

  // keeps a state just made, unless the decryptor stopped meanwhile: then its ephemeral key goes at once
  private synchronized HandshakeState adopt(HandshakeState made) {
    if (destroyed) {
      made.destroy();
      throw new ChannelException(ChannelException.Reason.CLOSED, "the secure channel stopped during its handshake");
    }
    handshake = made;
    return made;
  }
}
