package io.ockamj.verticles.channel;

import io.ockamj.crypto.noise.ChannelEncryptor;
import io.ockamj.crypto.noise.SecureChannelMessage;
import io.ockamj.crypto.noise.SecureChannelPaddedMessage;
import io.ockamj.node.NodeContext;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.protocol.LocalMessage;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.cbor.CborWriter;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * The encryptor of one channel end: messages routed to it are wrapped with their remaining onward
 * route and return route, encrypted, and sent to the peer's decryptor along the remote route.
 */
final class EncryptorWorker implements Worker {

  private static final System.Logger LOG = System.getLogger(EncryptorWorker.class.getName());

  private final SecureChannels channels;
  private final ChannelState state;
  private final ChannelEncryptor encryptor;
  private final int paddingBucket;

  EncryptorWorker(SecureChannels channels, ChannelState state, ChannelEncryptor encryptor, int paddingBucket) {
    this.channels = channels;
    this.state = state;
    this.encryptor = encryptor;
    this.paddingBucket = paddingBucket;
  }

  /** Encodes with padding up to the next multiple of the bucket size (empty padding when off). */
  static CborWriter encode(SecureChannelMessage plain, int bucket) {
    CborWriter bare = SecureChannelPaddedMessage.of(plain).encodeToWriter();
    int pad = paddingLength(bare.size(), bucket);
    return pad == 0 ? bare : new SecureChannelPaddedMessage(plain, new byte[pad]).encodeToWriter();
  }

  /**
   * The padding that brings a plaintext to a multiple of the bucket size.
   *
   * @param unpaddedSize the plaintext size with empty padding (its padding field is one byte)
   * @param bucket the bucket size, 0 for none
   * @return the number of padding bytes
   */
  static int paddingLength(int unpaddedSize, int bucket) {
    if (bucket <= 0 || unpaddedSize % bucket == 0) {
      return 0;
    }
    int pad = bucket - unpaddedSize % bucket;
    // the empty padding is one byte (0x40); a padding of n bytes takes header(n) + n bytes
    int n = paddingFor(pad + 1);
    if (n < 0) {
      n = paddingFor(pad + 1 + bucket);
    }
    return Math.max(0, n);
  }

  /** The padding length n with CBOR header(n) + n == total, or -1 if there is none. */
  private static int paddingFor(int total) {
    int[][] ranges = {{1, 0, 23}, {2, 24, 255}, {3, 256, 65535}, {5, 65536, Integer.MAX_VALUE}};
    for (int[] r : ranges) {
      int n = total - r[0];
      if (n >= r[1] && n <= r[2]) {
        return n;
      }
    }
    return -1;
  }

  @Override
  public Future<Void> handleMessage(NodeContext context, Routed message) {
    if (message.messageAddress().equals(state.encryptorInternal)) {
      // §4.12: this side has new credentials; present them to the peer
      List<byte[]> credentials = new ArrayList<>();
      channels.presentedCredentials().forEach(c -> credentials.add(c.bytes()));
      return send(context, new SecureChannelMessage.RefreshCredentials(channels.identity().identity().export(), credentials));
    }
    LocalMessage m = message.message();
    byte[] payload = m.payload();
    byte[] ciphertext;
    try {
      // head || payload || padding field, encrypted without joining them (the payload is the bulk)
      CborWriter head = SecureChannelPaddedMessage.payloadHead(m.onwardRoute().step(), m.returnRoute(), payload.length);
      byte[] tail = SecureChannelPaddedMessage.paddingField(paddingLength(head.size() + payload.length + 1, paddingBucket));
      ciphertext = new byte[head.size() + payload.length + tail.length + ChannelEncryptor.OVERHEAD];
      encryptor.encrypt(head.buffer(), head.size(), payload, tail, ciphertext, 0);
    } catch (RuntimeException e) {
      return cannotEncrypt(context, e);
    }
    return forward(context, ciphertext);
  }

  private Future<Void> send(NodeContext context, SecureChannelMessage plain) {
    byte[] ciphertext;
    try {
      CborWriter w = encode(plain, paddingBucket);
      ciphertext = new byte[w.size() + ChannelEncryptor.OVERHEAD];
      encryptor.encrypt(w.buffer(), 0, w.size(), ciphertext, 0);
    } catch (RuntimeException e) {
      return cannotEncrypt(context, e);
    }
    return forward(context, ciphertext);
  }

  /** Nonce exhaustion or a destroyed key: the channel cannot continue. */
  private Future<Void> cannotEncrypt(NodeContext context, RuntimeException e) {
    LOG.log(System.Logger.Level.WARNING, "secure channel " + state.encryptor + " cannot encrypt: " + e.getMessage());
    context.stopWorker(state.encryptor);
    return Future.failedFuture(e);
  }

  private Future<Void> forward(NodeContext context, byte[] ciphertext) {
    channels.encrypted.increment();
    return context.forward(LocalMessage.of(state.remoteRoute, Route.empty(), ciphertext), state.encryptor);
  }

  @Override
  public Future<Void> shutdown(NodeContext context) {
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
