package io.ockamj.verticles.transport.udp;

import io.ockamj.node.Node;
import io.ockamj.node.NodeException;
import io.ockamj.node.Transport;
import io.ockamj.node.spi.NodeInternal;
import io.ockamj.protocol.Address;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.Future;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Ockam UDP transport of a node (transport type 2), as Rust's {@code UdpTransport}: any number of
 * binds (UDP sockets), each with a sender worker and a receiver processor. IPv4 only, as in Rust.
 * <p>
 * To send, put a bind's sender first and the peer's UDP address next:
 * {@code [sender, 2#127.0.0.1:4000, rendezvous]}. A route whose next hop is a UDP address is resolved
 * (as in Rust) by a new bind on {@code 127.0.0.1:0} that talks to that peer only.
 * <p>
 * What arrives is routed into the node from the bind's receiver, whose flow ({@link UdpBindInfo#flowControlId()})
 * admits only that flow's consumers. Undecodable datagrams and dropped parts are counted in
 * {@link Node#drops()}; they never stop the bind.
 */
public final class UdpTransport implements Transport {

  private final NodeInternal node;
  private final Map<Address, UdpBinding> binds = new ConcurrentHashMap<>();

  private UdpTransport(NodeInternal node) {
    this.node = node;
  }

  /**
   * Returns the node's UDP transport, creating and registering it on first use.
   *
   * @param node the node
   * @return its UDP transport
   */
  public static UdpTransport of(Node node) {
    NodeInternal n = NodeInternal.of(node);
    // created once per node (the node serializes creations), and registered as it is created
    return n.component(UdpTransport.class, () -> {
      UdpTransport t = new UdpTransport(n);
      n.registerTransport(t);
      return t;
    });
  }

  @Override
  public int transportType() {
    return Address.UDP;
  }

  /**
   * Binds a UDP socket that talks to any peer.
   *
   * @param bindAddress the local {@code ip:port} (IPv4; port 0 picks a free port)
   * @return the bind; failed with {@link NodeException} of kind {@code INVALID} for a malformed or
   *   non-IPv4 address, {@code ALREADY_EXISTS} if it cannot be bound
   */
  public Future<UdpBindInfo> bind(String bindAddress) {
    return bind(bindAddress, null);
  }

  /**
   * Binds a UDP socket.
   *
   * @param bindAddress the local {@code ip:port} (IPv4; port 0 picks a free port)
   * @param peer {@code host:port} of the one peer to talk to (its datagrams only are taken, and routes
   *   through the sender need no UDP hop), or {@code null} for any peer
   * @return the bind; failed with {@link NodeException} as for {@link #bind(String)}, or of kind
   *   {@code NOT_FOUND} if the peer's host cannot be resolved
   */
  public Future<UdpBindInfo> bind(String bindAddress, String peer) {
    String[] local;
    try {
      local = TcpTransport.splitHostPort(bindAddress);
      if (!isIpv4Literal(local[0])) {
        throw new NodeException(NodeException.Kind.INVALID, "invalid UDP bind address '" + bindAddress
          + "': this transport supports IPv4 addresses only");
      }
    } catch (NodeException e) {
      return Future.failedFuture(e);
    }
    Future<String> resolvedPeer = peer == null ? Future.succeededFuture(null) : resolvePeer(peer);
    return resolvedPeer.compose(p -> {
      UdpBinding b = new UdpBinding(node, this, p);
      return b.start(local[0], Integer.parseInt(local[1])).map(v -> {
        binds.put(b.senderAddress, b);
        return b.info();
      });
    });
  }

  /**
   * Resolves {@code host:port} to an IPv4 {@code ip:port}; the name lookup runs off the event loop.
   */
  Future<String> resolvePeer(String hostPort) {
    String[] hp;
    try {
      hp = TcpTransport.splitHostPort(hostPort);
    } catch (NodeException e) {
      return Future.failedFuture(e);
    }
    if (isIpv4Literal(hp[0])) {
      return Future.succeededFuture(hp[0] + ":" + hp[1]);
    }
    return node.vertx().executeBlocking(() -> {
      for (InetAddress a : InetAddress.getAllByName(hp[0])) {
        if (a instanceof Inet4Address) {
          return a.getHostAddress() + ":" + hp[1];
        }
      }
      throw new NodeException(NodeException.Kind.NOT_FOUND, "no IPv4 address for " + hp[0]);
    }, false).recover(err -> Future.failedFuture(err instanceof NodeException ? err
      : new NodeException(NodeException.Kind.NOT_FOUND, "cannot resolve " + hostPort + ": " + err.getMessage(), err)));
  }

  /**
   * @param host a host text
   * @return {@code true} for a dotted-quad IPv4 literal
   */
  static boolean isIpv4Literal(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  /**
   * As Rust: a UDP address is resolved by a new bind on {@code 127.0.0.1:0} that talks to that peer.
   */
  @Override
  public Future<Address> resolve(Address address) {
    return bind("127.0.0.1:0", address.innerText()).map(UdpBindInfo::senderAddress);
  }

  /**
   * Closes a bind.
   *
   * @param senderAddress its sender address
   * @return a future completed when its socket is closed and its workers stopped; failed with
   *   {@link NodeException} of kind {@code NOT_FOUND} if there is no such bind
   */
  public Future<Void> unbind(Address senderAddress) {
    UdpBinding b = binds.get(senderAddress);
    if (b == null) {
      return Future.failedFuture(new NodeException(NodeException.Kind.NOT_FOUND, "no UDP bind with sender address " + senderAddress));
    }
    return b.close();
  }

  /** @return the binds */
  public List<UdpBindInfo> binds() {
    List<UdpBindInfo> out = new ArrayList<>();
    for (UdpBinding b : binds.values()) {
      out.add(b.info());
    }
    return out;
  }

  void removed(UdpBinding b) {
    binds.remove(b.senderAddress, b);
  }

  @Override
  public Future<Void> close() {
    List<Future<Void>> all = new ArrayList<>();
    for (UdpBinding b : binds.values()) {
      all.add(b.close());
    }
    return Future.join(all).mapEmpty();
  }
}
