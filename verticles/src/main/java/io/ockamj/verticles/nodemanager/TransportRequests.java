package io.ockamj.verticles.nodemanager;

import io.ockamj.node.FlowControlId;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.api.Method;
import io.ockamj.protocol.api.Request;
import io.ockamj.protocol.api.RequestHeader;
import io.ockamj.protocol.api.Response;
import io.ockamj.protocol.api.Status;
import io.ockamj.verticles.transport.tcp.TcpConnectionInfo;
import io.ockamj.verticles.transport.tcp.TcpListenerInfo;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code /node/tcp/connection} and {@code /node/tcp/listener} paths of the node-manager API, as
 * Rust Ockam's node manager has them.
 * <p>
 * {@code GET} on the collection lists; {@code POST {address}} opens a connection or starts a listener;
 * {@code DELETE {address}} closes one (a connection by its sender address or its peer
 * {@code host:port}, a listener by its bound {@code host:port}); {@code GET /node/tcp/KIND/KEY} shows
 * one, found the same way.
 */
final class TransportRequests {

  private TransportRequests() {
  }

  static Future<Response> connection(TcpTransport tcp, Request request, Method method, String key) {
    RequestHeader h = request.header();
    switch (method) {
      case GET: {
        if (key != null) {
          TcpConnectionInfo c = findConnection(tcp, key);
          return c == null ? notFound(h, "there is no TCP connection '" + key + "'") : NodeManagerWorker.ok(h, Bodies.of(c));
        }
        List<Object> out = new ArrayList<>();
        for (TcpConnectionInfo c : tcp.connections()) {
          out.add(Bodies.of(c));
        }
        return NodeManagerWorker.ok(h, out);
      }
      case POST: {
        if (key != null) {
          return NodeManagerWorker.notAllowed(h);
        }
        String address = Bodies.text(NodeManagerWorker.body(request), "address");
        return tcp.connect(address).compose(c -> NodeManagerWorker.ok(h, Bodies.of(c)));
      }
      case DELETE: {
        String k = key != null ? key : Bodies.text(NodeManagerWorker.body(request), "address");
        TcpConnectionInfo c = findConnection(tcp, k);
        if (c == null) {
          return notFound(h, "there is no TCP connection '" + k + "'");
        }
        return tcp.disconnect(c.senderAddress()).compose(v -> NodeManagerWorker.ok(h, null));
      }
      default:
        return NodeManagerWorker.notAllowed(h);
    }
  }

  static Future<Response> listener(TcpTransport tcp, Request request, Method method, String key) {
    RequestHeader h = request.header();
    switch (method) {
      case GET: {
        if (key != null) {
          TcpListenerInfo l = findListener(tcp, key);
          return l == null ? notFound(h, "there is no TCP listener at '" + key + "'") : NodeManagerWorker.ok(h, Bodies.of(l));
        }
        List<Object> out = new ArrayList<>();
        for (TcpListenerInfo l : tcp.listeners()) {
          out.add(Bodies.of(l));
        }
        return NodeManagerWorker.ok(h, out);
      }
      case POST: {
        if (key != null) {
          return NodeManagerWorker.notAllowed(h);
        }
        String address = Bodies.text(NodeManagerWorker.body(request), "address");
        // as Rust's (TcpListenerOptions::new()): a flow of its own, which no worker consumes until an admin
        // adds one (flow-control add-consumer); the node's main listener keeps the node's services
        return tcp.listen(address, FlowControlId.random()).compose(bound -> {
          TcpListenerInfo l = findListener(tcp, bound);
          return NodeManagerWorker.ok(h, l == null ? Bodies.map("socket_address", bound) : Bodies.of(l));
        });
      }
      case DELETE: {
        String k = key != null ? key : Bodies.text(NodeManagerWorker.body(request), "address");
        TcpListenerInfo l = findListener(tcp, k);
        if (l == null) {
          return notFound(h, "there is no TCP listener at '" + k + "'");
        }
        return tcp.stopListening(l.socketAddress()).compose(v -> NodeManagerWorker.ok(h, null));
      }
      default:
        return NodeManagerWorker.notAllowed(h);
    }
  }

  /** A connection by its sender or receiver address ({@code 0#} optional) or its peer {@code host:port}. */
  private static TcpConnectionInfo findConnection(TcpTransport tcp, String key) {
    String k = key.startsWith("0#") ? key.substring(2) : key;
    for (TcpConnectionInfo c : tcp.connections()) {
      if (c.peer().equals(k) || c.senderAddress().innerText().equals(k) || c.receiverAddress().innerText().equals(k)
        || c.senderAddress().toString().equals(key)) {
        return c;
      }
    }
    return null;
  }

  /** A listener by its bound {@code host:port}, {@code localhost:PORT}, or its port alone. */
  private static TcpListenerInfo findListener(TcpTransport tcp, String key) {
    for (TcpListenerInfo l : tcp.listeners()) {
      String a = l.socketAddress();
      String port = a.substring(a.lastIndexOf(':') + 1);
      if (a.equals(key) || key.equals(port) || key.equals(":" + port) || key.equals("localhost:" + port)) {
        return l;
      }
    }
    return null;
  }

  private static Future<Response> notFound(RequestHeader h, String message) {
    return Future.succeededFuture(Response.error(h, Status.NOT_FOUND, message));
  }
}
