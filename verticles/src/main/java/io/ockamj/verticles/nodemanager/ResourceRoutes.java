package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.NodeException;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.store.NodeRecord;
import io.ockamj.store.Store;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.channel.TrustPolicy;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Routes of the inlets and relays of a {@link NodeResources}: {@code /node/NAME} looked up in the
 * store, the options of the secure channels along a route, and closing those channels.
 */
final class ResourceRoutes {

  private final Store store;

  /** @param store where nodes are looked up, or {@code null} for none */
  ResourceRoutes(Store store) {
    this.store = store;
  }

  /**
   * Replaces every {@code /node/NAME} component by that node's TCP listener from the store
   * ({@code /ip4/127.0.0.1/tcp/PORT}; a wildcard listener is reached on the loopback).
   *
   * @param addr a multiaddr
   * @return the multiaddr without node components; failed with {@link NodeException.Kind#NOT_FOUND}
   *   for an unknown node or one without a listener, {@code INVALID} when there is no store
   */
  Future<MultiAddr> resolveNodes(MultiAddr addr) {
    Future<List<MultiAddr.Component>> out = Future.succeededFuture(new ArrayList<>());
    for (MultiAddr.Component c : addr) {
      if (c.protocol() != MultiAddr.Protocol.NODE) {
        out = out.map(l -> {
          l.add(c);
          return l;
        });
        continue;
      }
      if (store == null) {
        return Future.failedFuture(new NodeException(NodeException.Kind.INVALID,
          "cannot resolve /node/" + c.value() + ": this node has no local state"));
      }
      out = out.compose(l -> store.nodes().get(c.value()).compose(found -> {
        if (found.isEmpty() || found.get().tcpListenerAddress() == null) {
          return Future.failedFuture(new NodeException(NodeException.Kind.NOT_FOUND, found.isEmpty()
            ? "Unable to find node named " + c.value() : "node '" + c.value() + "' has no TCP listener"));
        }
        l.addAll(hostPort(found.get()).components());
        return Future.succeededFuture(l);
      }));
    }
    return out.map(MultiAddr::of);
  }

  private static MultiAddr hostPort(NodeRecord r) {
    String[] hp = TcpTransport.splitHostPort(r.tcpListenerAddress());
    String host = hp[0];
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
      host = "127.0.0.1";
    }
    MultiAddr.Protocol p = host.contains(":") ? MultiAddr.Protocol.IP6
      : host.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") ? MultiAddr.Protocol.IP4 : MultiAddr.Protocol.DNSADDR;
    return MultiAddr.of(MultiAddr.Component.of(p, host), MultiAddr.Component.tcp(Integer.parseInt(hp[1])));
  }

  /**
   * Channel options for a route: the given timeout, and the authorized identities as trust policy.
   */
  static SecureChannelOptions channelOptions(List<Identifier> authorized, Duration timeout) {
    SecureChannelOptions opts = new SecureChannelOptions().setTimeout(timeout).setConfirmed(true);
    if (!authorized.isEmpty()) {
      opts.setTrustPolicy(TrustPolicy.trustIdentifiers(authorized.toArray(new Identifier[0])));
    }
    return opts;
  }

  /** Closes channels of a factory, innermost first, ignoring failures. */
  static Future<Void> closeChannels(SecureChannels of, List<SecureChannel> made) {
    List<Future<Void>> all = new ArrayList<>();
    for (int i = made.size() - 1; i >= 0; i--) {
      all.add(of.close(made.get(i).encryptor()).recover(err -> Future.succeededFuture()));
    }
    return Future.join(all).<Void>mapEmpty().otherwiseEmpty();
  }
}
