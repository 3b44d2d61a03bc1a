package io.ockamj.verticles.relay;

import io.ockamj.node.Node;
import io.ockamj.node.NodeException;
import io.ockamj.node.Transport;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.vertx.core.Future;

/**
 * The {@link RelaySession.Connector} of a fixed route to the relay node: a transport address as
 * first hop is resolved into a connection on every attempt (a fresh one after a loss).
 */
final class RouteConnector implements RelaySession.Connector {

  private final Route routeToRelayNode;

  /**
   * @param routeToRelayNode the route to the relay node, e.g. {@code 1#127.0.0.1:4000}
   */
  RouteConnector(Route routeToRelayNode) {
    this.routeToRelayNode = routeToRelayNode;
  }

  @Override
  public Future<Route> connect(Node node) {
    if (routeToRelayNode.isEmpty()) {
      return Future.failedFuture(new RelayException(RelayException.Reason.INVALID_REQUEST, "empty route to the relay node"));
    }
    Address next = routeToRelayNode.next();
    if (next.isLocal()) {
      return Future.succeededFuture(routeToRelayNode);
    }
    Transport t = node.transport(next.transportType());
    if (t == null) {
      return Future.failedFuture(new NodeException(NodeException.Kind.NOT_FOUND, "no transport of type " + next.transportType() + " for " + next));
    }
    return t.resolve(next).map(routeToRelayNode::replaceNext);
  }
}
