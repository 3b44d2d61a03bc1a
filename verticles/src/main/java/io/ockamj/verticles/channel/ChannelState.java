package io.ockamj.verticles.channel;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;

/** What the two workers of one channel end share. */
final class ChannelState {
  final Address encryptor;
  final Address decryptorRemote;
  final Address decryptorInternal;
  final boolean initiator;
  volatile Route remoteRoute;
  volatile Identifier peer;
  volatile boolean closedByPeer;
  volatile boolean closing;

  ChannelState(Address encryptor, Address decryptorRemote, Address decryptorInternal, boolean initiator) {
    this.encryptor = encryptor;
    this.decryptorRemote = decryptorRemote;
    this.decryptorInternal = decryptorInternal;
    this.initiator = initiator;
  }
}
