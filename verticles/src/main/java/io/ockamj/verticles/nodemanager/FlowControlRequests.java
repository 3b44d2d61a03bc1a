package io.ockamj.verticles.nodemanager;

import io.ockamj.node.FlowControlId;
import io.ockamj.node.Node;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.api.Method;
import io.ockamj.protocol.api.Request;
import io.ockamj.protocol.api.RequestHeader;
import io.ockamj.protocol.api.Response;
import io.ockamj.protocol.api.Status;
import io.vertx.core.Future;

import java.util.Map;

/**
 * The {@code /node/flow_controls/add_consumer} path of the node-manager API, Rust's path and method:
 * {@code POST {flow_control_id, address}} lets the messages of a flow (a TCP listener's or a TCP
 * connection's, as their {@code flow_control_id} is printed) reach a local address.
 * <p>
 * As in Rust, the address is one local hop ({@code /service/NAME}, {@code /secure/NAME},
 * {@code /worker/NAME}, or a bare {@code NAME}); a route of several hops is refused. Unlike Rust, the
 * address must be that of a running worker (a consumer declared for nothing would otherwise stay
 * until a worker of that name appears), and the id must have the form ids are printed in (32 hex
 * characters). Like the whole API, only the node's admins may call it.
 */
final class FlowControlRequests {

  /** The path's segments. */
  static final String[] PATH = {"node", "flow_controls", "add_consumer"};

  private FlowControlRequests() {
  }

  static boolean handles(String[] seg) {
    return seg.length == 3 && seg[0].equals(PATH[0]) && seg[1].equals(PATH[1]) && seg[2].equals(PATH[2]);
  }

  static Future<Response> handle(Node node, Request request, Method method) {
    RequestHeader h = request.header();
    if (method != Method.POST) {
      return NodeManagerWorker.notAllowed(h);
    }
    Map<String, Object> b = NodeManagerWorker.body(request);
    String idText = Bodies.text(b, "flow_control_id");
    String addressText = Bodies.text(b, "address");
    FlowControlId id;
    try {
      id = new FlowControlId(idText.toLowerCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return bad(h, "Invalid flow control id '" + idText + "': it is 32 hex characters, as 'tcp-listener show'"
        + " and 'tcp-connection show' print it");
    }
    Address address;
    try {
      address = localAddress(addressText);
    } catch (IllegalArgumentException e) {
      return bad(h, e.getMessage());
    }
    if (!node.isRegistered(address)) {
      return Future.succeededFuture(Response.error(h, Status.NOT_FOUND, "There is no worker at address '"
        + address.innerText() + "' on node " + node.name() + " (see 'ockam worker list')"));
    }
    node.flowControls().addConsumer(address, id);
    return NodeManagerWorker.ok(h, null);
  }

  /**
   * @param text a bare address or a multiaddr of one local hop
   * @return the local address
   * @throws IllegalArgumentException with the reason when it is not one local hop
   */
  static Address localAddress(String text) {
    String t = text.trim();
    if (t.isEmpty()) {
      throw new IllegalArgumentException("Unable to extract an address from the route: '" + text + "'.");
    }
    if (!t.startsWith("/")) {
      return Address.local(t);
    }
    MultiAddr ma;
    try {
      ma = MultiAddr.parse(t);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Invalid address: '" + text + "': " + e.getMessage());
    }
    if (ma.isEmpty()) {
      throw new IllegalArgumentException("Unable to extract an address from the route: '" + text + "'.");
    }
    MultiAddr.Component c = ma.get(0);
    boolean local = c.protocol() == MultiAddr.Protocol.SERVICE || c.protocol() == MultiAddr.Protocol.SECURE
      || c.protocol() == MultiAddr.Protocol.WORKER;
    if (ma.size() != 1 || !local || c.value().isEmpty()) {
      throw new IllegalArgumentException("Invalid address: '" + text + "': give one local address, e.g. /service/NAME");
    }
    return Address.local(c.value());
  }

  private static Future<Response> bad(RequestHeader h, String message) {
    return Future.succeededFuture(Response.error(h, Status.BAD_REQUEST, message));
  }
}
