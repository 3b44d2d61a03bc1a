package io.ockamj.console;

import io.ockamj.node.DropReason;
import io.ockamj.node.Node;
import io.ockamj.node.WorkerInfo;
import io.ockamj.protocol.Address;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.metrics.NodeMeters;
import io.ockamj.verticles.metrics.PortalMeters;
import io.ockamj.verticles.nodemanager.InletStatus;
import io.ockamj.verticles.nodemanager.NodeManager;
import io.ockamj.verticles.nodemanager.RelayStatus;
import io.ockamj.verticles.nodemanager.SecureChannelListenerInfo;
import io.ockamj.verticles.policy.ResourceType;
import io.ockamj.verticles.portal.Outlet;
import io.ockamj.verticles.transport.tcp.TcpConnectionInfo;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the console shows of a node, as one JSON object: the node, its workers, TCP connections, secure
 * channels, relays, inlets, outlets, portal byte counts and recent drops. Built on the console's event loop
 * from in-memory state only (no I/O).
 * <p>
 * A channel's byte counts come from the {@link RouteTracer}: its {@code bytes_out} is the plaintext sent to
 * its encryptor, {@code bytes_in} the ciphertext delivered to its decryptor; its peer's attributes from
 * {@link PeerFacts}. The node's {@code portal_bytes} are the payload bytes of all its portal connections (to
 * them: {@code in}, from them: {@code out}) since the console started, also from the tracer.
 * <p>
 * Each inlet's and outlet's counts come from the node's meters ({@link NodeMeters#existingPortal}), since
 * the meters were installed: {@code bytes_out} the bytes read from its TCP sockets and sent into the portal,
 * {@code bytes_in} the bytes that came through the portal and were written to them, {@code connections} the
 * connections open now and {@code connections_total} those opened; its {@code policy} the expression that
 * applies and the messages it refused ({@link ResourcePolicies}), and for an inlet the identifiers its
 * outlet's node must prove ({@code authorized}). A relay's {@code last_ping_rtt_ms} is the
 * round trip of its last answered ping ({@link NodeMeters#lastRelayRtt}), {@code null} before the first.
 */
final class NodeSnapshot {

  /** How many recent drop events are kept. */
  static final int RECENT_DROPS = 50;

  private final NodeManager manager;
  private final RouteTracer tracer;
  private final String version;
  private final Map<Address, Long> channelSeen = new HashMap<>();
  private final Map<Address, String> types = new HashMap<>();
  private final Map<DropReason, Long> lastDrops = new EnumMap<>(DropReason.class);
  private final Deque<JsonObject> recentDrops = new ArrayDeque<>();
  private final PeerFacts peers;
  private final ResourcePolicies policies;

  NodeSnapshot(NodeManager manager, RouteTracer tracer, String version) {
    this.manager = manager;
    this.tracer = tracer;
    this.version = version;
    this.peers = new PeerFacts(manager);
    this.policies = new ResourcePolicies(manager);
  }

  /** @return the node's state now */
  synchronized JsonObject build() {
    Node node = manager.node();
    long now = System.currentTimeMillis();
    List<WorkerInfo> workers = node.listWorkers();
    types.clear();
    JsonArray ws = new JsonArray();
    for (WorkerInfo w : workers) {
      for (Address a : w.addresses()) {
        types.put(a, w.type());
      }
      ws.add(new JsonObject().put("address", w.primaryAddress().toString())
        .put("addresses", new JsonArray(w.addresses().stream().map(Address::toString).toList()))
        .put("type", w.type()).put("processor", w.processor()).put("pending", w.pending()).put("handled", w.handled()));
    }
    tracer.purge();

    JsonObject o = new JsonObject();
    o.put("node", nodeJson(node, now));
    o.put("workers", ws);
    o.put("tcp_connections", tcp(node));
    o.put("secure_channels", channels(now));
    NodeMeters meters = NodeMeters.of(node);
    o.put("relays", new JsonArray(manager.resources().relays().stream().map(r -> relay(r, meters)).toList()));
    o.put("portal_bytes", new JsonObject().put("bytes_in", tracer.portalBytesIn()).put("bytes_out", tracer.portalBytesOut()));
    List<InletStatus> inlets = manager.resources().inlets();
    List<Outlet> outlets = manager.resources().outlets();
    List<String> portals = new java.util.ArrayList<>();
    inlets.forEach(i -> portals.add(ResourcePolicies.key(i.alias(), ResourceType.TCP_INLET)));
    outlets.forEach(ou -> portals.add(ResourcePolicies.key(ou.address(), ResourceType.TCP_OUTLET)));
    policies.retain(portals);
    o.put("inlets", new JsonArray(inlets.stream().map(i -> inlet(i, meters.existingPortal(true, i.bindAddress()),
      policies.of(i.alias(), ResourceType.TCP_INLET, now))).toList()));
    o.put("outlets", new JsonArray(outlets.stream().map(ou -> outlet(ou, meters.existingPortal(false, ou.address()),
      policies.of(ou.address(), ResourceType.TCP_OUTLET, now))).toList()));
    o.put("dropped_messages", drops(node, now));
    o.put("recent_drops", new JsonArray(List.copyOf(recentDrops)));
    o.put("at", now);
    return o;
  }

  /** @return the type of the worker that has this address (as of the last snapshot), or {@code null} */
  synchronized String type(Address a) {
    return types.get(a);
  }

  private JsonObject nodeJson(Node node, long now) {
    JsonArray listeners = new JsonArray().add(new JsonObject().put("kind", "tcp").put("address", node.tcpListenerAddress()));
    for (SecureChannelListenerInfo l : manager.secureChannelListeners()) {
      listeners.add(new JsonObject().put("kind", "secure_channel").put("address", l.address()).put("trusted", new JsonArray(l.trusted())));
    }
    return new JsonObject()
      .put("name", node.name())
      .put("identifier", manager.channels().identity().identity().identifier().toString())
      .put("listeners", listeners)
      .put("started_at", manager.startedAt())
      .put("uptime_ms", now - manager.startedAt())
      .put("version", version);
  }

  private static JsonArray tcp(Node node) {
    JsonArray out = new JsonArray();
    TcpTransport t;
    try {
      t = TcpTransport.of(node);
    } catch (IllegalStateException none) {
      return out;
    }
    for (TcpConnectionInfo c : t.connections()) {
      out.add(new JsonObject().put("sender", c.senderAddress().toString()).put("receiver", c.receiverAddress().toString())
        .put("peer", c.peer()).put("outgoing", c.outgoing()).put("frames_received", c.framesReceived()));
    }
    return out;
  }

  private JsonArray channels(long now) {
    JsonArray out = new JsonArray();
    List<SecureChannel> list = manager.channels().list();
    channelSeen.keySet().retainAll(list.stream().map(SecureChannel::encryptor).toList());
    peers.retain(list.stream().map(c -> c.peer().toString()).toList());
    for (SecureChannel ch : list) {
      long seen = channelSeen.computeIfAbsent(ch.encryptor(), a -> now);
      RouteTracer.Counts enc = tracer.counts(ch.encryptor());
      RouteTracer.Counts dec = tracer.counts(ch.decryptor());
      JsonObject peer = peers.of(ch.peer().toString(), now);
      out.add(new JsonObject()
        .put("encryptor", ch.encryptor().toString())
        .put("decryptor", ch.decryptor().toString())
        .put("peer", ch.peer().toString())
        .put("peer_attributes", peer.getJsonObject("attributes"))
        .put("peer_has_credential", peer.getBoolean("has_credential"))
        .put("peer_credentials", peer.getJsonArray("credentials"))
        .put("local", ch.localIdentifier().toString())
        .put("initiator", ch.initiator())
        .put("age_ms", now - seen)
        .put("messages_out", enc == null ? 0 : enc.messagesTo())
        .put("bytes_out", enc == null ? 0 : enc.bytesTo())
        .put("messages_in", Math.max(0, manager.channels().messagesDecrypted(ch.encryptor())))
        .put("bytes_in", dec == null ? 0 : dec.bytesTo())
        .put("rekeys_out", rekeys(enc == null ? 0 : enc.messagesTo()))
        .put("rekeys_in", rekeys(Math.max(0, manager.channels().messagesDecrypted(ch.encryptor())))));
    }
    return out;
  }

  /**
   * The rekeys of one direction of a channel after {@code messages} messages: a channel replaces its
   * key before the nonces 32, 64, 96, ... (Rust's KEY_RENEWAL_INTERVAL), so it follows from the count.
   *
   * @param messages the messages encrypted (or decrypted) in that direction
   * @return how many times the key was replaced
   */
  static long rekeys(long messages) {
    return messages <= 0 ? 0 : (messages - 1) / io.ockamj.crypto.noise.ChannelEncryptor.KEY_RENEWAL_INTERVAL;
  }

  private static JsonObject relay(RelayStatus r, NodeMeters meters) {
    // to 0.01 ms: a ping on loopback takes well under a millisecond
    Double rtt = meters.lastRelayRtt(r.name()).map(d -> Math.round(d.toNanos() / 10_000.0) / 100.0).orElse(null);
    return new JsonObject().put("name", r.name()).put("at", r.at()).put("state", r.state())
      .put("remote_address", r.remoteAddress()).put("forwarding_route", r.forwardingRoute())
      .put("last_ping_rtt_ms", rtt);
  }

  private static JsonObject inlet(InletStatus i, PortalMeters m, JsonObject policy) {
    return new JsonObject().put("alias", i.alias()).put("bind_address", i.bindAddress()).put("outlet_route", i.outletRoute())
      .put("state", i.state()).put("connections", i.connections()).put("connections_total", m.connectionsOpened())
      .put("reason", i.reason())
      .put("policy", policy.put("authorized", new JsonArray(i.authorized())))
      .put("bytes_in", m.bytesToTcp()).put("bytes_out", m.bytesFromTcp());
  }

  private static JsonObject outlet(Outlet o, PortalMeters m, JsonObject policy) {
    return new JsonObject().put("address", o.address()).put("target", o.target()).put("state", "UP")
      .put("connections", o.connections()).put("connections_total", m.connectionsOpened())
      .put("policy", policy.put("authorized", new JsonArray()))
      .put("bytes_in", m.bytesToTcp()).put("bytes_out", m.bytesFromTcp());
  }

  private JsonObject drops(Node node, long now) {
    JsonObject counts = new JsonObject();
    for (Map.Entry<DropReason, Long> e : node.drops().counts().entrySet()) {
      String reason = e.getKey().name().toLowerCase(java.util.Locale.ROOT);
      counts.put(reason, e.getValue());
      long before = lastDrops.getOrDefault(e.getKey(), 0L);
      if (e.getValue() > before) {
        recentDrops.addFirst(new JsonObject().put("at", now).put("reason", reason).put("count", e.getValue() - before));
        while (recentDrops.size() > RECENT_DROPS) {
          recentDrops.removeLast();
        }
      }
      lastDrops.put(e.getKey(), e.getValue());
    }
    return counts;
  }
}
