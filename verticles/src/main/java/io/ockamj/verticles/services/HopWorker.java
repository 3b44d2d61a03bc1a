package io.ockamj.verticles.services;

import io.ockamj.node.NodeContext;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.protocol.LocalMessage;
import io.vertx.core.Future;

/**
 * The {@code hop} service: removes itself from the onward route, adds itself to the return route and
 * forwards the message, so that replies come back through it.
 */
public final class HopWorker implements Worker {

  /** The well-known address. */
  public static final String ADDRESS = "hop";

  @Override
  public Future<Void> handleMessage(NodeContext context, Routed message) {
    LocalMessage m = message.message().stepForward(message.messageAddress());
    return context.node().resolve(m.onwardRoute()).compose(onward -> {
      // replies come back to this hop through whatever the next hop is
      context.node().flowControls().addConsumerOfNextHop(message.messageAddress(), onward);
      return context.forward(m.withOnwardRoute(onward), message.messageAddress());
    });
  }
}
