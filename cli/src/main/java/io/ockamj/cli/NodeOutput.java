package io.ockamj.cli;

import io.ockamj.store.NodeRecord;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.nodemanager.NodeManagerClient;
import io.ockamj.verticles.nodemanager.NodeStatus;
import io.ockamj.verticles.nodemanager.InletStatus;
import io.ockamj.verticles.nodemanager.PortalApi;
import io.ockamj.verticles.nodemanager.TcpApi;
import io.ockamj.verticles.transport.tcp.TcpListenerInfo;
import io.ockamj.verticles.portal.Outlet;
import io.ockamj.verticles.nodemanager.SecureChannelListenerInfo;
import io.ockamj.verticles.nodemanager.ServiceInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A node as the {@code node} commands print it: the JSON of Rust's {@code NodeResources}
 * ({@code node show}, {@code node create}, {@code node start}) and {@code NodeListOutput}
 * ({@code node list}), with Rust's field names and nesting, and our extra facts after them.
 */
final class NodeOutput {

  private NodeOutput() {
  }

  /** What a running node's API said; empty lists (and no status) for a node that does not answer. */
  record Live(NodeStatus status, List<ServiceInfo> services, List<SecureChannelListenerInfo> listeners,
              List<SecureChannel> channels, List<Outlet> outlets, List<TcpListenerInfo> tcpListeners, List<InletStatus> inlets) {
    static final Live NONE = new Live(null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
  }

  /**
   * Asks a running node for its resources.
   *
   * @return what it said, or {@link Live#NONE} if it does not answer
   */
  static Live ask(NodeClient c, NodeRecord r) {
    return ask(c, r, NodeCommand.API_TIMEOUT);
  }

  /**
   * Asks a running node for its resources, waiting at most {@code timeout} to reach its API.
   *
   * @return what it said, or {@link Live#NONE} if it does not answer
   */
  static Live ask(NodeClient c, NodeRecord r, java.time.Duration timeout) {
    NodeManagerClient api;
    try {
      api = c.await(c.api(r, timeout));
    } catch (Exception e) {
      return Live.NONE;
    }
    try {
      return ask(c, api, r, null);
    } finally {
      try {
        c.await(api.close());
      } catch (Exception ignored) {
        // what it said is kept
      }
    }
  }

  /**
   * Asks a running node for its resources over an open API client, which stays open.
   *
   * @param status what {@code GET /node} said already, or {@code null} to ask
   * @return what it said, or {@link Live#NONE} if it does not answer
   */
  static Live ask(NodeClient c, NodeManagerClient api, NodeRecord r, NodeStatus status) {
    try {
      NodeStatus live = status != null ? status : c.await(api.node());
      List<ServiceInfo> services = c.await(api.services());
      List<SecureChannelListenerInfo> listeners = c.await(api.secureChannelListeners());
      // leave out the channels the CLI opened to ask (they prove the node's own identity)
      List<SecureChannel> channels = c.await(api.secureChannels()).stream()
        .filter(ch -> ch.initiator() || !ch.peer().toString().equals(r.identifier())).toList();
      List<Outlet> outlets = c.await(new PortalApi(api).outlets());
      List<InletStatus> inlets = c.await(new PortalApi(api).inlets());
      List<TcpListenerInfo> tcpListeners = c.await(new TcpApi(api).listeners());
      return new Live(live, services, listeners, channels, outlets, tcpListeners, inlets);
    } catch (Exception e) {
      return Live.NONE;
    }
  }

  /** Rust's process status of a node: running, or stopped (ours also says died and unresponsive, in plain text). */
  static String rustStatus(String status) {
    return status.equals("running") || status.equals("unresponsive") ? "running" : "stopped";
  }

  /** A node in {@code node list --output json}: Rust's {@code node_name}, {@code status: {status, pid}}, {@code pid}, {@code is_default}. */
  static JsonObject listItem(NodeRecord r, String status) {
    String rs = rustStatus(status);
    Long pid = rs.equals("running") ? r.pid() : null;
    JsonObject st = new JsonObject().put("status", rs);
    if (pid != null) {
      st.put("pid", pid);
    }
    return new JsonObject().put("node_name", r.name()).put("status", st).put("pid", pid).put("is_default", r.isDefault());
  }

  /**
   * A node as Rust's {@code NodeResources}: name, identity_name, is_default, status and pid, route
   * ({@code short} /node/NAME, {@code verbose} {@code /dnsaddr/localhost/tcp/PORT} of its TCP listener), http_server_address, transports
   * (Rust's TransportStatus of each TCP listener), secure_channel_listeners (with their flow_control_id),
   * inlets (Rust's InletStatus), outlets, services; then ours: identifier, address, workers,
   * admins, dropped_messages, secure_channels.
   */
  static JsonObject resources(NodeRecord r, String status, Live live) {
    String rs = rustStatus(status);
    JsonObject o = new JsonObject().put("name", r.name()).put("identity_name", r.config().getString("identity"))
      .put("is_default", r.isDefault()).put("status", rs);
    if (rs.equals("running") && r.pid() != null) {
      o.put("pid", r.pid());
    }
    JsonObject route = new JsonObject().put("short", "/node/" + r.name());
    if (r.tcpListenerAddress() != null) {
      String[] hp = r.tcpListenerAddress().split(":(?=[0-9]+$)");
      // as Rust's NodeInfo::verbose_route: localhost and the listener's port, whatever host it is bound to
      route.put("verbose", "/dnsaddr/localhost/tcp/" + (hp.length > 1 ? hp[1] : "0"));
    }
    // while the node runs: a stopped node serves nothing
    o.put("route", route).put("http_server_address", rs.equals("running") ? r.config().getString("http_server_address") : null);
    // Rust's TransportStatus of each TCP listener the node runs, as tcp-listener list prints them
    JsonArray transports = new JsonArray(new ArrayList<>(live.tcpListeners().stream().map(TransportJson::of).toList()));
    if (transports.isEmpty() && live.status() == null && rs.equals("running") && r.tcpListenerAddress() != null) {
      // a node that did not answer: its listener as the local state knows it
      transports.add(new JsonObject().put("type", "Tcp").put("mode", "Listen").put("socket_addr", r.tcpListenerAddress()));
    }
    o.put("transports", transports);
    // Rust's SecureChannelListener (address, flow_control_id, is_key_exchange_only), then ours
    o.put("secure_channel_listeners", new JsonArray(live.listeners().stream()
      .map(l -> new JsonObject().put("address", l.address()).put("flow_control_id", l.flowControlId())
        .put("is_key_exchange_only", false).put("trusted", new JsonArray(l.trusted()))).toList()));
    o.put("inlets", new JsonArray(live.inlets().stream().map(TcpInletCommand::rustJson).toList()));
    o.put("outlets", new JsonArray(live.outlets().stream().map(TcpOutletCommand::rustJson).toList()));
    o.put("services", new JsonArray(live.services().stream()
      .map(s -> new JsonObject().put("addr", s.address()).put("type", s.type())).toList()));
    // ours
    o.put("identifier", r.identifier()).put("address", r.tcpListenerAddress());
    // ours: where the web console listens while the node runs (null without --console)
    o.put("console_address", rs.equals("running") ? r.config().getString(NodeConsoleCommand.CONFIG_KEY) : null);
    if (live.status() != null) {
      JsonObject dropped = new JsonObject();
      live.status().dropped().forEach(dropped::put);
      o.put("workers", live.status().workers()).put("admins", new JsonArray(live.status().admins())).put("dropped_messages", dropped);
      o.put("secure_channels", new JsonArray(live.channels().stream().map(ch -> new JsonObject()
        .put("encryptor", "/service/" + ch.encryptor().innerText()).put("peer", ch.peer().toString())
        .put("initiator", ch.initiator())).toList()));
    }
    return o;
  }

  /** {@code node show} as text. */
  static String plain(NodeRecord r, String status, Live live) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"Node", r.name() + (r.isDefault() ? " (default)" : "")});
    rows.add(new String[] {"Status", status});
    rows.add(new String[] {"Address", String.valueOf(r.tcpListenerAddress())});
    rows.add(new String[] {"Route", "/node/" + r.name()});
    rows.add(new String[] {"Identifier", r.identifier()});
    rows.add(new String[] {"Identity", r.config().getString("identity", "?")});
    rows.add(new String[] {"PID", status.equals("stopped") || r.pid() == null ? "-" : String.valueOf(r.pid())});
    if (live.status() != null) {
      rows.add(new String[] {"Workers", String.valueOf(live.status().workers())});
      rows.add(new String[] {"Dropped", live.status().dropped().isEmpty() ? "0" : String.join(", ",
        live.status().dropped().entrySet().stream().map(e -> e.getValue() + " " + e.getKey().replace('_', ' ')).toList())});
      rows.add(new String[] {"Services", String.join(", ", live.services().stream().map(ServiceInfo::address).toList())});
      rows.add(new String[] {"Listeners", String.join(", ", live.listeners().stream().map(SecureChannelListenerInfo::address).toList())});
      rows.add(new String[] {"Outlets", String.join(", ", live.outlets().stream().map(o -> "/service/" + o.address() + " -> " + o.target()).toList())});
      rows.add(new String[] {"Channels", String.valueOf(live.channels().size())});
    }
    String console = status.equals("running") ? r.config().getString(NodeConsoleCommand.CONFIG_KEY) : null;
    if (console != null) {
      rows.add(new String[] {"Console", "http://" + NodeClient.connectAddress(console) + "/ (log in: ockam node console " + r.name() + ")"});
    }
    return Table.format(rows);
  }
}
