package io.ockamj.verticles.services;

import io.ockamj.node.Node;
import io.ockamj.node.WorkerOptions;
import io.vertx.core.Future;

/**
 * Starts the well-known demo services {@code echo}, {@code uppercase}, {@code hop} and the relay service ({@code forwarding_service}).
 */
public final class BuiltinServices {

  private BuiltinServices() {
  }

  /**
   * @param node the node
   * @return a future completed when the three services run
   */
  public static Future<Void> start(Node node) {
    return Future.all(
      node.startWorker(WorkerOptions.of(EchoWorker.ADDRESS), new EchoWorker()),
      io.ockamj.verticles.relay.RelayService.start(node),
      node.startWorker(WorkerOptions.of(UppercaseWorker.ADDRESS), new UppercaseWorker()),
      node.startWorker(WorkerOptions.of(HopWorker.ADDRESS), new HopWorker())).mapEmpty();
  }
}
