package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.FlowControlId;
import io.ockamj.node.WorkerInfo;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.api.CborValue;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.portal.Outlet;
import io.ockamj.verticles.transport.tcp.TcpConnectionInfo;
import io.ockamj.verticles.transport.tcp.TcpListenerInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions between the API's typed records and their {@link CborValue} bodies (snake_case keys). */
final class Bodies {

  private Bodies() {
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  // ---- reading helpers: a wrong shape is a DecodeException (the client reports a bad response, the server a 400)

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object v) {
    if (!(v instanceof Map)) {
      throw new DecodeException("expected a map");
    }
    return (Map<String, Object>) v;
  }

  static List<?> asList(Object v) {
    if (!(v instanceof List)) {
      throw new DecodeException("expected a list");
    }
    return (List<?>) v;
  }

  static String text(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof String)) {
      throw new DecodeException("missing text field '" + key + "'");
    }
    return (String) v;
  }

  static String optText(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (v != null && !(v instanceof String)) {
      throw new DecodeException("field '" + key + "' must be text");
    }
    return (String) v;
  }

  static long number(Map<String, Object> m, String key, long dflt) {
    Object v = m.get(key);
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof Long)) {
      throw new DecodeException("field '" + key + "' must be an integer");
    }
    return (Long) v;
  }

  static boolean bool(Map<String, Object> m, String key) {
    return Boolean.TRUE.equals(m.get(key));
  }

  static List<String> texts(Map<String, Object> m, String key) {
    Object v = m.get(key);
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    for (Object o : asList(v)) {
      if (!(o instanceof String)) {
        throw new DecodeException("field '" + key + "' must be a list of text");
      }
      out.add((String) o);
    }
    return out;
  }

  static List<Identifier> identifiers(Map<String, Object> m, String key) {
    List<Identifier> out = new ArrayList<>();
    for (String s : texts(m, key)) {
      try {
        out.add(Identifier.parse(s));
      } catch (RuntimeException e) {
        throw new DecodeException("invalid identifier '" + s + "' in '" + key + "'");
      }
    }
    return out;
  }

  // ---- records

  static Map<String, Object> of(NodeStatus s) {
    return map("name", s.name(), "identifier", s.identifier(), "status", s.status(),
      "tcp_listener_address", s.tcpListenerAddress(), "pid", s.pid(), "started_at", s.startedAt(),
      "workers", (long) s.workers(), "admins", s.admins(), "dropped", new java.util.LinkedHashMap<String, Object>(s.dropped()));
  }

  static NodeStatus nodeStatus(Object v) {
    Map<String, Object> m = asMap(v);
    return new NodeStatus(text(m, "name"), text(m, "identifier"), text(m, "status"), optText(m, "tcp_listener_address"),
      number(m, "pid", -1), number(m, "started_at", 0), (int) number(m, "workers", 0), texts(m, "admins"), counts(m, "dropped"));
  }

  static Map<String, Long> counts(Map<String, Object> m, String key) {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    Object v = m.get(key);
    if (v != null) {
      for (Map.Entry<String, Object> e : asMap(v).entrySet()) {
        if (!(e.getValue() instanceof Long)) {
          throw new DecodeException("field '" + key + "." + e.getKey() + "' must be an integer");
        }
        out.put(e.getKey(), (Long) e.getValue());
      }
    }
    return out;
  }

  static Map<String, Object> of(WorkerInfo w) {
    List<Object> addresses = new ArrayList<>();
    for (Address a : w.addresses()) {
      addresses.add(a.toString());
    }
    return map("address", w.primaryAddress().toString(), "addresses", addresses, "type", w.type(),
      "processor", w.processor(), "pending", (long) w.pending(), "handled", w.handled());
  }

  static WorkerInfo workerInfo(Object v) {
    Map<String, Object> m = asMap(v);
    List<Address> addresses = new ArrayList<>();
    for (String s : texts(m, "addresses")) {
      addresses.add(Address.parse(s));
    }
    return new WorkerInfo(Address.parse(text(m, "address")), addresses, text(m, "type"), bool(m, "processor"),
      (int) number(m, "pending", 0), number(m, "handled", 0));
  }

  static Map<String, Object> of(TcpConnectionInfo c) {
    return map("sender", c.senderAddress().toString(), "receiver", c.receiverAddress().toString(), "peer", c.peer(),
      "outgoing", c.outgoing(), "frames_received", c.framesReceived(), "flow_control_id", c.flowControlId().value());
  }

  static TcpConnectionInfo tcpConnection(Object v) {
    Map<String, Object> m = asMap(v);
    return new TcpConnectionInfo(Address.parse(text(m, "sender")), Address.parse(text(m, "receiver")), text(m, "peer"),
      bool(m, "outgoing"), number(m, "frames_received", 0), new FlowControlId(text(m, "flow_control_id")));
  }

  static Map<String, Object> of(TcpListenerInfo l) {
    return map("socket_address", l.socketAddress(), "flow_control_id", l.flowControlId().value());
  }

  static TcpListenerInfo tcpListener(Object v) {
    Map<String, Object> m = asMap(v);
    String fc = optText(m, "flow_control_id");
    return new TcpListenerInfo(text(m, "socket_address"), fc == null ? null : new FlowControlId(fc));
  }

  static Map<String, Object> of(SecureChannel c) {
    Map<String, Object> m = map("encryptor", c.encryptor().toString(), "decryptor", c.decryptor().toString(),
      "local_identifier", c.localIdentifier().toString(), "peer", c.peer().toString(), "initiator", c.initiator(),
      "flow_control_id", c.flowControlId().value());
    if (c.route() != null) {
      m.put("route", c.route().toString());
    }
    if (c.authorizedIdentifiers() != null) {
      m.put("authorized_identifiers", c.authorizedIdentifiers().stream().map(Identifier::toString).toList());
    }
    return m;
  }

  static SecureChannel secureChannel(Object v) {
    Map<String, Object> m = asMap(v);
    String route = optText(m, "route");
    List<Identifier> authorized = m.get("authorized_identifiers") == null ? null : identifiers(m, "authorized_identifiers");
    return new SecureChannel(Address.parse(text(m, "encryptor")), Address.parse(text(m, "decryptor")),
      Identifier.parse(text(m, "local_identifier")), Identifier.parse(text(m, "peer")), bool(m, "initiator"),
      new FlowControlId(text(m, "flow_control_id")), route == null ? null : Route.parse(route), authorized);
  }

  static Map<String, Object> of(SecureChannelListenerInfo l) {
    Map<String, Object> m = map("address", l.address(), "trusted", l.trusted());
    if (l.identity() != null) {
      m.put("identity", l.identity());
    }
    if (l.flowControlId() != null) {
      m.put("flow_control_id", l.flowControlId());
    }
    return m;
  }

  static SecureChannelListenerInfo listener(Object v) {
    Map<String, Object> m = asMap(v);
    return new SecureChannelListenerInfo(text(m, "address"), texts(m, "trusted"), optText(m, "identity"),
      optText(m, "flow_control_id"));
  }

  static Map<String, Object> of(ServiceInfo s) {
    return map("address", s.address(), "type", s.type());
  }

  static ServiceInfo service(Object v) {
    Map<String, Object> m = asMap(v);
    return new ServiceInfo(text(m, "address"), text(m, "type"));
  }

  static Map<String, Object> of(Outlet o) {
    return map("address", o.address(), "to", o.target(), "connections", (long) o.connections(), "tls", o.tls());
  }

  static Outlet outlet(Object v) {
    Map<String, Object> m = asMap(v);
    return new Outlet(text(m, "address"), text(m, "to"), (int) number(m, "connections", 0), bool(m, "tls"));
  }

  static Map<String, Object> of(InletStatus s) {
    Map<String, Object> m = map("alias", s.alias(), "from", s.bindAddress(), "to", s.outletRoute(), "authorized", s.authorized(),
      "state", s.state(), "connections", (long) s.connections());
    if (s.reason() != null) {
      m.put("reason", s.reason());
    }
    if (s.workerAddress() != null) {
      m.put("worker_addr", s.workerAddress());
    }
    if (s.route() != null) {
      m.put("outlet_route", s.route());
    }
    return m;
  }

  static InletStatus inlet(Object v) {
    Map<String, Object> m = asMap(v);
    return new InletStatus(text(m, "alias"), text(m, "from"), text(m, "to"), texts(m, "authorized"), text(m, "state"),
      (int) number(m, "connections", 0), optText(m, "reason"), optText(m, "worker_addr"), optText(m, "outlet_route"));
  }

  static Map<String, Object> of(RelayStatus s) {
    return map("name", s.name(), "at", s.at(), "state", s.state(), "remote_address", s.remoteAddress(),
      "forwarding_route", s.forwardingRoute(), "relay_address", s.relayAddress(), "authorized", s.authorized(),
      "worker_address", s.workerAddress(), "flow_control_id", s.flowControlId(), "last_failure", s.lastFailure());
  }

  static RelayStatus relay(Object v) {
    Map<String, Object> m = asMap(v);
    return new RelayStatus(text(m, "name"), text(m, "at"), text(m, "state"), optText(m, "remote_address"),
      optText(m, "forwarding_route"), optText(m, "relay_address"), optText(m, "authorized"), optText(m, "worker_address"),
      optText(m, "flow_control_id"), optText(m, "last_failure"));
  }
}
