package io.ockamj.verticles.channel;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.crypto.identity.VerifiedCredential;
import io.ockamj.crypto.noise.ChannelDecryptor;
import io.ockamj.crypto.noise.ChannelEncryptor;
import io.ockamj.crypto.noise.SecureChannelMessage;
import io.ockamj.crypto.noise.SecureChannelPaddedMessage;
import io.ockamj.crypto.noise.TransportKeys;
import io.ockamj.node.AccessControls;
import io.ockamj.node.DropReason;
import io.ockamj.node.Mailbox;
import io.ockamj.node.NodeContext;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.node.WorkerOptions;
import io.ockamj.node.spi.CryptoWorkers;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.LocalInfo;
import io.ockamj.protocol.LocalMessage;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.bare.BareWriter;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.protocol.errors.OckamException;
import io.ockamj.verticles.metrics.NodeMeters;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.Arrays;
import java.util.List;

/**
 * One end of a secure channel before and after the handshake: it runs the Noise XX handshake (the
 * key operations and the peer's identity verification off the event loop), then starts the
 * encryptor and decrypts what the peer sends, delivering the plaintext into the node with the
 * peer's identifier as local info.
 */
final class DecryptorWorker implements Worker {

  private static final System.Logger LOG = System.getLogger(DecryptorWorker.class.getName());
  /** Plaintexts up to this size (a portal payload's 48 KiB and headers) reuse the channel's buffer. */
  private static final int REUSED_PLAINTEXT_MAX = 64 * 1024;

  private final SecureChannels channels;
  private final ChannelIdentity local;
  private final SecureChannelOptions options;
  private final ChannelState state;
  private final Route initialRoute;
  private final Promise<SecureChannel> created;
  private final ChannelHandshake handshake;
  private final PeerVerification verification;
  private ChannelDecryptor decryptor;
  private List<LocalInfo> peerInfo;
  private byte[] plaintext = new byte[0];
  private long timer = -1;
  private long lastPayloadNonce = -1;
  private boolean established;
  /** Initiator: when message 1 left, and the round trip to message 2, for the refusal window. */
  private long message1SentNanos;
  private long handshakeRttNanos;
  /** Initiator with {@link SecureChannelOptions#isConfirmed()}: the channel waits out the refusal window. */
  private SecureChannel unconfirmed;
  // the admission of the channel refused it: drop everything until the channel is closed
  private boolean refused;
  private long handshakeStarted;
  /** Where the handshake stands, for the timeout's message: what it was waiting for. */
  private String stage;

  /**
   * @param initialRoute the route to the listener (initiator), or {@code null} (responder)
   * @param created completed when the channel is established (initiator), or {@code null}
   */
  DecryptorWorker(SecureChannels channels, ChannelIdentity local, SecureChannelOptions options, ChannelState state,
                  Route initialRoute, Promise<SecureChannel> created) {
    this.channels = channels;
    this.local = local;
    this.options = options;
    this.state = state;
    this.initialRoute = initialRoute;
    this.created = created;
    this.verification = new PeerVerification(channels, options);
    this.handshake = new ChannelHandshake(channels, local, verification, state.initiator);
  }

  @Override
  public Future<Void> initialize(NodeContext context) {
    handshakeStarted = System.nanoTime();
    timer = context.vertx().setTimer(Math.max(1, options.getTimeout().toMillis()), id -> {
      timer = -1;
      if (!established) {
        channels.count(ChannelException.Reason.TIMEOUT);
        fail(context, new ChannelException(ChannelException.Reason.TIMEOUT,
          "secure channel handshake did not complete within " + options.getTimeout().toMillis() + " ms: " + stage));
      }
    });
    if (!state.initiator) {
      stage = "no first handshake message arrived";
      // the responder makes its handshake state (an ephemeral key) in the same crypto task that
      // reads message 1: one hand-off to the crypto workers fewer per handshake
      return Future.succeededFuture();
    }
    stage = "the first handshake message was not made (crypto workers busy?)";
    return CryptoWorkers.of(context.vertx()).run(handshake::message1).compose(message1 -> {
      message1SentNanos = System.nanoTime();
      stage = "no answer from the listener to the first handshake message, sent along " + initialRoute;
      return context.send(initialRoute, message1, state.decryptorRemote);
    });
  }

  @Override
  public Future<Void> handleMessage(NodeContext context, Routed message) {
    if (!message.messageAddress().equals(state.decryptorRemote)) {
      return Future.succeededFuture();
    }
    if (refused) {
      context.node().drops().record(io.ockamj.node.DropReason.DENIED_BY_POLICY, message.sourceAddress(),
        "secure channel " + state.encryptor + " from " + state.peer + " was refused and is closing");
      return Future.succeededFuture();
    }
    if (established) {
      return decrypt(context, message);
    }
    if (!handshake.takeTurn()) {
      context.node().drops().record(DropReason.LATE, message.sourceAddress(), "secure channel " + state.encryptor
        + ": a handshake message arrived while none was expected (" + stage + ")");
      return Future.succeededFuture();
    }
    stage = "a handshake message from " + message.sourceAddress() + " was being checked (crypto workers busy?)";
    byte[] in = message.payload();
    Route returnRoute = message.returnRoute();
    if (state.initiator && handshakeRttNanos == 0) {
      handshakeRttNanos = Math.max(1, System.nanoTime() - message1SentNanos);
    }
    return CryptoWorkers.of(context.vertx()).run(() -> handshake.step(in))
      .compose(step -> afterStep(context, step, returnRoute))
      .recover(err -> {
        ChannelException ce = err instanceof ChannelException ? (ChannelException) err
          : new ChannelException(ChannelException.Reason.HANDSHAKE_FAILED, "secure channel handshake failed: " + err.getMessage(), err);
        channels.count(ce.reason());
        LOG.log(System.Logger.Level.WARNING, ce.getMessage());
        Future<Void> told = Future.succeededFuture();
        if (err instanceof ChannelHandshake.Refusal && state.remoteRoute != null) {
          // an ordinary encrypted Close under the agreed keys: the initiator stops at once instead of
          // sending into a channel that does not exist here
          told = context.send(state.remoteRoute, ((ChannelHandshake.Refusal) err).close, state.decryptorRemote).otherwiseEmpty();
        }
        return told.onComplete(v -> fail(context, ce)).otherwiseEmpty();
      });
  }

  private Future<Void> afterStep(NodeContext context, ChannelHandshake.Step step, Route returnRoute) {
    if (step.keys() == null) {
      // responder after message 1: the initiator is reached through the message's return route
      state.remoteRoute = returnRoute;
      stage = "no answer from the initiator to the second handshake message, sent along " + returnRoute;
      return context.send(returnRoute, step.reply(), state.decryptorRemote);
    }
    Future<Void> sent = Future.succeededFuture();
    stage = "the channel's encryptor was starting";
    if (state.initiator) {
      state.remoteRoute = returnRoute;
      sent = context.send(returnRoute, step.reply(), state.decryptorRemote);
    }
    return sent.compose(v -> establish(context, step));
  }

  private Future<Void> establish(NodeContext context, ChannelHandshake.Step step) {
    ChannelEncryptor encryptor;
    try (TransportKeys keys = step.keys()) {
      decryptor = keys.newDecryptor();
      encryptor = keys.newEncryptor();
    }
    handshake.destroy();
    state.peer = step.peer().identifier();
    peerInfo = List.of(new LocalInfo(SecureChannels.IDENTITY_LOCAL_INFO, BareWriter.encodeString(state.peer.toString())));
    WorkerOptions encryptorOptions = new WorkerOptions().addMailbox(Mailbox.allowAll(state.encryptor))
      .addMailbox(new Mailbox(state.encryptorInternal, AccessControls.allowSources(context.node().context().address()),
        AccessControls.DENY_ALL_OUTGOING))
      .setTerminal(state.peer.toString());
    return context.startWorker(encryptorOptions, new EncryptorWorker(channels, state, encryptor, options.getPaddingBucket()))
      .onFailure(err -> encryptor.destroy())
      .compose(v -> {
        established = true;
        NodeMeters.of(context.node()).secureChannelCreated(state.initiator,
          java.time.Duration.ofNanos(System.nanoTime() - handshakeStarted));
        if (timer >= 0) {
          context.vertx().cancelTimer(timer);
          timer = -1;
        }
        SecureChannel channel = new SecureChannel(state.encryptor, state.decryptorRemote, local.identity().identifier(),
          state.peer, state.initiator, state.flowControlId, initialRoute, options.getAuthorizedIdentifiers());
        channels.established(channel, state);
        CredentialListener listener = options.getCredentialListener();
        if (listener != null) {
          step.peer().credentials().forEach(c -> listener.verified(state.peer, c));
        }
        Future<Boolean> admitted;
        try {
          admitted = options.getAdmission().apply(channel);
        } catch (RuntimeException e) {
          admitted = Future.failedFuture(e);
        }
        // this mailbox waits for the decision: nothing the peer sends is delivered before it
        return admitted.otherwise(false).map(ok -> {
          if (!Boolean.TRUE.equals(ok)) {
            refused = true;
            channels.close(state.encryptor);
            if (created != null) {
              created.tryFail(new ChannelException(ChannelException.Reason.UNTRUSTED, "the secure channel was refused"));
            }
            return null;
          }
          if (created == null) {
            return null;
          }
          if (!options.isConfirmed()) {
            created.tryComplete(channel);
            return null;
          }
          // wait out the window in which a refusing responder's Close arrives (see setConfirmed)
          unconfirmed = channel;
          long windowMs = Math.min(2000, Math.max(200, 4 * handshakeRttNanos / 1_000_000));
          context.vertx().setTimer(windowMs, id -> {
            if (unconfirmed != null) {
              unconfirmed = null;
              created.tryComplete(channel);
            }
          });
          return null;
        });
      });
  }

  private Future<Void> decrypt(NodeContext context, Routed message) {
    byte[] wire = message.payload();
    SecureChannelPaddedMessage padded;
    try {
      // one plaintext buffer for the channel's ordinary messages (decoding copies out what it
      // keeps); a rare large one gets its own array, so that no channel holds megabytes for good
      int size = Math.max(0, wire.length - ChannelEncryptor.OVERHEAD);
      byte[] into = plaintext;
      if (into.length < size) {
        into = new byte[size];
        if (size <= REUSED_PLAINTEXT_MAX) {
          plaintext = into;
        }
      }
      int n = decryptor.decrypt(wire, 0, wire.length, into, 0);
      padded = SecureChannelPaddedMessage.decode(into, 0, n);
    } catch (DecodeException e) {
      channels.count(ChannelException.Reason.MALFORMED_MESSAGE);
      context.node().drops().record(DropReason.MALFORMED, message.sourceAddress(), "secure channel " + state.encryptor
        + ": undecodable message: " + e.getMessage());
      return Future.succeededFuture();
    } catch (OckamException e) {
      channels.count(ChannelException.Reason.DECRYPTION_FAILED);
      context.node().drops().record(DropReason.DECRYPTION_FAILED, message.sourceAddress(), "secure channel " + state.encryptor
        + ": " + e.getMessage());
      return Future.succeededFuture();
    }
    channels.decrypted.increment();
    state.received.increment();
    SecureChannelMessage m = padded.message();
    if (m instanceof SecureChannelMessage.Payload) {
      SecureChannelMessage.Payload p = (SecureChannelMessage.Payload) m;
      long nonce = nonceOf(wire);
      if (!state.initiator && nonce > lastPayloadNonce && !message.returnRoute().isEmpty()) {
        // the initiator may roam: answer along the path its latest message took
        state.remoteRoute = message.returnRoute().append(state.remoteRoute.recipient());
      }
      lastPayloadNonce = Math.max(lastPayloadNonce, nonce);
      LocalMessage out = new LocalMessage(p.onwardRoute(), p.returnRoute().prepend(state.encryptor), p.sharedPayload(), peerInfo);
      if (out.onwardRoute().isEmpty()) {
        return Future.succeededFuture();
      }
      return context.forward(out, state.decryptorInternal).recover(err -> {
        LOG.log(System.Logger.Level.DEBUG, () -> "secure channel " + state.encryptor + ": " + err.getMessage());
        return Future.succeededFuture();
      });
    }
    if (m instanceof SecureChannelMessage.Close) {
      state.closedByPeer = true;
      if (unconfirmed != null) {
        unconfirmed = null;
        channels.count(ChannelException.Reason.REFUSED);
        created.tryFail(new ChannelException(ChannelException.Reason.REFUSED, "the secure channel listener closed the channel "
          + "as soon as it was established: " + state.peer + " refused our identity (its trust policy, or a change history it "
          + "does not accept)"));
      }
      // not awaited: stopping the encryptor stops this worker too
      context.stopWorker(state.encryptor).onFailure(err -> context.stopWorker(state.decryptorRemote));
      return Future.succeededFuture();
    }
    if (m instanceof SecureChannelMessage.RefreshCredentials) {
      return refreshed(context, (SecureChannelMessage.RefreshCredentials) m, message.sourceAddress());
    }
    return Future.succeededFuture();
  }

  /**
   * §4.12: the peer presents new credentials. They are verified like a handshake's, for the channel's
   * peer as subject (its change history must name the same identifier), and handed to the listener.
   */
  private Future<Void> refreshed(NodeContext context, SecureChannelMessage.RefreshCredentials refresh, Address from) {
    CredentialListener listener = options.getCredentialListener();
    if (options.getAuthorities().isEmpty()) {
      return Future.succeededFuture();
    }
    Identifier peer = state.peer;
    long now = channels.clock().instant().getEpochSecond();
    return CryptoWorkers.of(context.vertx()).run(() -> verification.refreshedCredentials(peer, refresh, now)).onSuccess(verified -> {
      if (listener != null) {
        verified.forEach(c -> listener.verified(peer, c));
      }
    }).<Void>mapEmpty().recover(err -> {
      context.node().drops().record(DropReason.ACCESS_CONTROL_FAILED, from, "secure channel " + state.encryptor
        + ": refreshed credentials of " + peer + " did not verify: " + err.getMessage());
      return Future.succeededFuture();
    });
  }

  private static long nonceOf(byte[] wire) {
    long n = 0;
    for (int i = 0; i < 8 && i < wire.length; i++) {
      n = (n << 8) | (wire[i] & 0xFF);
    }
    return n;
  }

  private void fail(NodeContext context, ChannelException reason) {
    if (created != null) {
      created.tryFail(reason);
    }
    context.stopWorker(state.decryptorRemote);
  }

  @Override
  public Future<Void> shutdown(NodeContext context) {
    state.closing = true;
    if (timer >= 0) {
      context.vertx().cancelTimer(timer);
    }
    if (created != null) {
      created.tryFail(new ChannelException(ChannelException.Reason.CLOSED, "secure channel stopped before it was established"));
    }
    handshake.destroy();
    if (decryptor != null) {
      decryptor.destroy();
    }
    Arrays.fill(plaintext, (byte) 0);
    channels.removed(state.encryptor);
    if (established) {
      NodeMeters.of(context.node()).secureChannelClosed();
    } else {
      NodeMeters.of(context.node()).secureChannelFailed(state.initiator);
    }
    if (context.node().isRegistered(state.encryptor)) {
      context.stopWorker(state.encryptor);
    }
    return Future.succeededFuture();
  }
}
