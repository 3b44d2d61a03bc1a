package io.ockamj.verticles.runtime;

import io.ockamj.node.Node;
import io.ockamj.node.NodeFactory;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.impl.NodeImpl;
import io.ockamj.verticles.services.BuiltinServices;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * This project's node runtime: the core ({@link NodeImpl}) with the TCP transport plugged in, the
 * built-in services if enabled and the TCP listener if configured. Found by {@link Node#create}
 * through {@link java.util.ServiceLoader}; the core knows nothing of transports and services, so
 * the packages depend on each other in one direction only.
 */
public final class DefaultNodeFactory implements NodeFactory {

  @Override
  public Future<Node> create(Vertx vertx, NodeOptions options) {
    NodeImpl node = NodeImpl.createCore(vertx, options);
    TcpTransport tcp = TcpTransport.create(node, options.getTcpTransportOptions());
    node.registerTransport(tcp);
    Future<Void> f = Future.succeededFuture();
    if (options.isBuiltinServices()) {
      f = f.compose(v -> BuiltinServices.start(node));
    }
    if (options.getTcpListenerAddress() != null) {
      f = f.compose(v -> tcp.listen(options.getTcpListenerAddress())).map(bound -> {
        node.tcpListenerBound(bound);
        return null;
      });
    }
    return f.<Node>map(v -> node).recover(err -> node.close().transform(ar -> Future.failedFuture(err)));
  }
}
