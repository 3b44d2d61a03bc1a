package io.ockamj.verticles.channel;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.FlowControlId;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;

import java.util.concurrent.atomic.LongAdder;

/** What the two workers of one channel end share. */
final class ChannelState {
  final Address encryptor;
  final Address decryptorRemote;
  final Address decryptorInternal;
  /** Where the encryptor is told that this side's credentials changed (§4.12). */
  final Address encryptorInternal = Address.randomLocal();
  final boolean initiator;
  // §3.4: the flow of what the decryptor delivers, and the listener's flow for a responder
  final FlowControlId flowControlId = FlowControlId.random();
  final FlowControlId spawnerFlowControlId;
  volatile Route remoteRoute;
  volatile Identifier peer;
  volatile boolean closedByPeer;
  volatile boolean closing;
  /** Payload messages this end decrypted: proof that the peer is alive even when pings queue behind data. */
  final LongAdder received = new LongAdder();

  ChannelState(Address encryptor, Address decryptorRemote, Address decryptorInternal, boolean initiator,
               FlowControlId spawnerFlowControlId) {
    this.spawnerFlowControlId = spawnerFlowControlId;
    this.encryptor = encryptor;
    this.decryptorRemote = decryptorRemote;
    this.decryptorInternal = decryptorInternal;
    this.initiator = initiator;
  }
}
