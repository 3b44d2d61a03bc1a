package io.ockamj.verticles.relay;

import io.ockamj.node.Node;
import io.ockamj.node.Timers;
import io.ockamj.node.spi.NodeInternal;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.transport.tcp.TcpConnectionInfo;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * What {@link RelaySession.Connector#disconnect} does by default: closes the TCP connection whose
 * sender is a route's first hop and waits (up to 2 s) until its address is gone.
 */
final class TcpDisconnect {

  private static final long WAIT_MS = 2000;

  private TcpDisconnect() {
  }

  static Future<Void> firstHop(Node node, Route route) {
    if (route == null || route.isEmpty() || !route.next().isLocal() || !(node.transport(Address.TCP) instanceof TcpTransport)) {
      return Future.succeededFuture();
    }
    if (NodeInternal.of(node).isClosing()) {
      // the node closes its connections itself, after the workers that share this one said goodbye
      return Future.succeededFuture();
    }
    Address sender = route.next();
    TcpTransport tcp = TcpTransport.of(node);
    boolean found = false;
    for (TcpConnectionInfo c : tcp.connections()) {
      found |= c.senderAddress().equals(sender);
    }
    if (!found) {
      return Future.succeededFuture();
    }
    Promise<Void> gone = Promise.promise();
    tcp.disconnect(sender).onComplete(ar -> awaitGone(node, sender, System.currentTimeMillis() + WAIT_MS, gone));
    return gone.future();
  }

  private static void awaitGone(Node node, Address address, long deadline, Promise<Void> gone) {
    if (!node.isRegistered(address) || System.currentTimeMillis() > deadline) {
      gone.tryComplete();
      return;
    }
    Timers.setTimer(node.vertx(), 10, id -> awaitGone(node, address, deadline, gone));
  }
}
