package io.ockamj.verticles.services;

import io.ockamj.node.NodeContext;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.vertx.core.Future;

/**
 * The {@code echo} service: replies to the return route with the payload unchanged.
 */
public final class EchoWorker implements Worker {

  /** The well-known address. */
  public static final String ADDRESS = "echo";

  @Override
  public Future<Void> handleMessage(NodeContext context, Routed message) {
    return context.send(message.returnRoute(), message.payload(), message.messageAddress());
  }
}
