package io.ockamj.verticles.channel;

import io.ockamj.crypto.noise.ChannelEncryptor;
import io.ockamj.crypto.noise.SecureChannelMessage;
import io.ockamj.crypto.noise.SecureChannelPaddedMessage;
import io.ockamj.node.Context;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.protocol.LocalMessage;
import io.ockamj.protocol.Route;
import io.vertx.core.Future;

/**
 * The encryptor of one channel end: messages routed to it are wrapped with their remaining onward
 * route and return route, encrypted, and sent to the peer's decryptor along the remote route.
 */
final class EncryptorWorker implements Worker {

  private static final System.Logger LOG = System.getLogger(EncryptorWorker.class.getName());

  private final SecureChannels channels;
  private final ChannelState state;
  private final ChannelEncryptor encryptor;

  EncryptorWorker(SecureChannels channels, ChannelState state, ChannelEncryptor encryptor) {
    this.channels = channels;
    this.state = state;
    this.encryptor = encryptor;
  }

  @Override
  public Future<Void> handleMessage(Context context, Routed message) {
    LocalMessage m = message.message();
    SecureChannelMessage plain = new SecureChannelMessage.Payload(m.onwardRoute().step(), m.returnRoute(), m.payload());
    return send(context, plain);
  }

  private Future<Void> send(Context context, SecureChannelMessage plain) {
    byte[] ciphertext;
    try {
      ciphertext = encryptor.encrypt(SecureChannelPaddedMessage.encode(plain));
    } catch (RuntimeException e) {
      // nonce exhaustion or a destroyed key: the channel cannot continue
      LOG.log(System.Logger.Level.WARNING, "secure channel " + state.encryptor + " cannot encrypt: " + e.getMessage());
      context.stopWorker(state.encryptor);
      return Future.failedFuture(e);
    }
    channels.encrypted.increment();
    return context.forward(LocalMessage.of(state.remoteRoute, Route.empty(), ciphertext), state.encryptor);
  }

  @Override
  public Future<Void> shutdown(Context context) {
    state.closing = true;
    Future<Void> close = state.closedByPeer ? Future.succeededFuture()
      : send(context, SecureChannelMessage.Close.INSTANCE).recover(err -> Future.succeededFuture());
    return close.eventually(() -> {
      encryptor.destroy();
      if (context.node().isRegistered(state.decryptorRemote)) {
        context.stopWorker(state.decryptorRemote);
      }
      return Future.succeededFuture();
    });
  }
}
