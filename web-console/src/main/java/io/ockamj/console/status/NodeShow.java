package io.ockamj.console.status;

import io.ockamj.node.Node;
import io.ockamj.protocol.Address;
import io.ockamj.verticles.nodemanager.InletStatus;
import io.ockamj.verticles.nodemanager.NodeManager;
import io.ockamj.verticles.nodemanager.SecureChannelListenerInfo;
import io.ockamj.verticles.portal.Outlet;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The node's state as {@code GET /show} answers it, with the field names of Rust Ockam's
 * {@code NodeResources} JSON: {@code name}, {@code identity_name}, {@code is_default},
 * {@code status} and {@code pid}, {@code route} ({@code short}, {@code verbose}),
 * {@code http_server_address}, {@code transports}, {@code secure_channel_listeners}, {@code inlets},
 * {@code outlets}, {@code services}.
 */
public final class NodeShow {

  private static final List<String> SERVICES = List.of("echo", "uppercase", "hop", "forwarding_service",
    "static_forwarding_service", "outlet", "credential_issuer", "direct_authenticator", "enrollment_token_issuer",
    "enrollment_token_acceptor", "rendezvous", "udp", "key_exchanger");

  private NodeShow() {
  }

  /**
   * What the node itself does not know.
   *
   * @param identityName the name of the node's identity
   * @param isDefault whether it is the default node
   * @param pid its process id
   * @param httpServerAddress {@code 127.0.0.1:PORT} of its HTTP server, or {@code null}
   */
  public record Facts(String identityName, boolean isDefault, long pid, String httpServerAddress) {
  }

  /**
   * Builds the JSON. Runs quickly and does no I/O (it reads in-memory tables).
   *
   * @param node the node
   * @param manager its node manager, or {@code null} (no listeners, inlets or outlets are then shown)
   * @param facts the rest
   * @return the JSON object
   */
  public static JsonObject json(Node node, NodeManager manager, Facts facts) {
    String listener = node.tcpListenerAddress();
    JsonObject route = new JsonObject().put("short", "/node/" + node.name());
    if (listener != null) {
      int colon = listener.lastIndexOf(':');
      // as Rust's NodeInfo::verbose_route: localhost and the listener's port
      route.put("verbose", "/dnsaddr/localhost/tcp/" + listener.substring(colon + 1));
    }
    JsonArray transports = new JsonArray();
    if (listener != null) {
      // Rust's TransportStatus (our listener has no processor worker to name)
      transports.add(new JsonObject().put("type", "Tcp").put("mode", "Listen").put("socket_addr", listener)
        .put("worker_addr", "<none>").put("processor_address", "<none>")
        .put("flow_control_id", node.tcpListenerFlowControlId().toString()));
    }
    JsonArray listeners = new JsonArray();
    JsonArray inlets = new JsonArray();
    JsonArray outlets = new JsonArray();
    JsonArray services = new JsonArray();
    for (String s : SERVICES) {
      if (node.isRegistered(Address.local(s))) {
        services.add(new JsonObject().put("addr", s).put("type", s.replace("static_", "")));
      }
    }
    if (manager != null) {
      for (SecureChannelListenerInfo l : manager.secureChannelListeners()) {
        listeners.add(new JsonObject().put("address", l.address()).put("flow_control_id", l.flowControlId())
          .put("is_key_exchange_only", false).put("trusted", new JsonArray(l.trusted())));
        services.add(new JsonObject().put("addr", l.address()).put("type", "secure_channel_listener"));
      }
      services.add(new JsonObject().put("addr", NodeManager.ADDRESS).put("type", "node_manager"));
      for (InletStatus i : manager.resources().inlets()) {
        // Rust's InletStatus, then ours (state, connections)
        inlets.add(new JsonObject().put("bind_addr", i.bindAddress()).put("worker_addr", i.workerAddress()).put("alias", i.alias())
          .put("payload", null).put("outlet_route", i.route()).put("status", "UP".equals(i.state()) ? "Up" : "Down")
          .put("outlet_addr", i.outletRoute()).put("state", i.state()).put("connections", i.connections()));
      }
      for (Outlet o : manager.resources().outlets()) {
        // Rust's OutletStatus (worker_addr as the route, as the CLI prints it), then ours
        outlets.add(new JsonObject().put("to", o.target()).put("worker_addr", "/service/" + o.address()).put("payload", null)
          .put("connections", o.connections()));
      }
    }
    return new JsonObject()
      .put("name", node.name())
      .put("identity_name", facts.identityName())
      .put("is_default", facts.isDefault())
      .put("status", "running")
      .put("pid", facts.pid())
      .put("route", route)
      .put("http_server_address", facts.httpServerAddress())
      .put("transports", transports)
      .put("secure_channel_listeners", listeners)
      .put("inlets", inlets)
      .put("outlets", outlets)
      .put("services", services);
  }
}
