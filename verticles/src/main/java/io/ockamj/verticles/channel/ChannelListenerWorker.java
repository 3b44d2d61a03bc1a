package io.ockamj.verticles.channel;

import io.ockamj.node.DropReason;
import io.ockamj.node.FlowControlId;
import io.ockamj.node.FlowControls;
import io.ockamj.node.NodeContext;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.protocol.Address;
import io.vertx.core.Future;

/** A secure-channel listener: each first handshake message gets a fresh responder, to which it is forwarded. */
final class ChannelListenerWorker implements Worker {

  private final SecureChannels channels;
  private final Address address;
  private final FlowControlId flow;
  private final SecureChannelOptions options;

  ChannelListenerWorker(SecureChannels channels, Address address, FlowControlId flow, SecureChannelOptions options) {
    this.channels = channels;
    this.address = address;
    this.flow = flow;
    this.options = options;
  }

  @Override
  public Future<Void> handleMessage(NodeContext context, Routed message) {
    ChannelState state = SecureChannels.newState(false, flow);
    FlowControls fc = channels.node().flowControls();
    // the initiator's later messages may arrive by any way the listener accepts, and by the way
    // this first one came (for example through a relay)
    for (FlowControlId id : fc.consumedBy(address)) {
      fc.addConsumer(state.decryptorRemote, id);
    }
    fc.findProducer(message.sourceAddress()).ifPresent(p -> fc.addConsumer(state.decryptorRemote, p.flowControlId()));
    // the identity proved now: after a rotation, later responders prove the new key
    return channels.startDecryptor(context::startWorker, state,
        new DecryptorWorker(channels, channels.identity(), options, state, null, null))
      .compose(v -> context.forward(message.message().withOnwardRoute(message.onwardRoute().replaceNext(state.decryptorRemote)),
        message.messageAddress()))
      .recover(err -> {
        context.node().drops().record(DropReason.WORKER_STOPPED, message.sourceAddress(), "secure channel listener " + address
          + ": could not start a responder for a handshake: " + err.getMessage());
        return Future.succeededFuture();
      });
  }
}
