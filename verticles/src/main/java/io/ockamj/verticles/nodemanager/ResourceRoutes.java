package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.NodeException;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.store.NodeRecord;
import io.ockamj.store.Store;
import io.ockamj.verticles.channel.ChannelException;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Routes of the inlets and relays of a {@link NodeResources}: {@code /node/NAME} and
 * {@code /project/NAME} looked up in the store, the options of the secure channels along a route, and
 * closing those channels.
 */
final class ResourceRoutes {

  private final Store store;

  /** @param store where nodes are looked up, or {@code null} for none */
  ResourceRoutes(Store store) {
    this.store = store;
  }

  /**
   * A route ready for {@link SecureChannels#resolve(MultiAddr, IntFunction)}: without {@code /node/} or
   * {@code /project/} parts, with the identity each project's channel must meet.
   *
   * @param route the route
   * @param projects by position among the route's {@code /secure/} components (0: the first), the
   *                 project whose node that channel reaches
   */
  record Resolved(MultiAddr route, Map<Integer, ProjectChannel> projects) {

    /**
     * @param authorized identities the other channels accept (empty: any)
     * @param timeout the handshake timeout of every channel
     * @return the options of each channel: a project's channel accepts only the project's identity
     */
    IntFunction<SecureChannelOptions> options(List<Identifier> authorized, Duration timeout) {
      return i -> {
        ProjectChannel p = projects.get(i);
        return channelOptions(p == null ? authorized : List.of(p.identifier()), timeout);
      };
    }

    /**
     * @param byChannel more channels with an identity of their own (by position among the secure
     *                  components), for the channels this route does not know a project of
     * @return the route with those channels too
     */
    Resolved withChannels(Map<Integer, Identifier> byChannel) {
      if (byChannel.isEmpty()) {
        return this;
      }
      Map<Integer, ProjectChannel> all = new java.util.HashMap<>();
      byChannel.forEach((i, id) -> all.put(i, new ProjectChannel(null, id)));
      all.putAll(projects);
      return new Resolved(route, Map.copyOf(all));
    }

    /** A channel failure, with the identity it missed when a channel with an identity of its own was refused. */
    Throwable explain(Throwable err) {
      if (projects.isEmpty() || !(err instanceof ChannelException)
        || ((ChannelException) err).reason() != ChannelException.Reason.UNTRUSTED) {
        return err;
      }
      StringBuilder m = new StringBuilder(err.getMessage());
      new java.util.TreeMap<>(projects).forEach((i, p) -> m.append(p.project() == null
          ? "; secure channel " + (i + 1) + " of the route (" + hop(i) + ") accepts only the project's identity "
          : "; the channel to project '" + p.project() + "' (" + hop(i) + ") accepts only the project's identity ")
        .append(p.identifier()));
      return new ChannelException(ChannelException.Reason.UNTRUSTED, m.toString(), err);
    }

    /** The route up to the i-th {@code /secure/} component of this route. */
    private String hop(int i) {
      int seen = -1;
      for (int k = 0; k < route.size(); k++) {
        if (route.get(k).protocol() == MultiAddr.Protocol.SECURE && ++seen == i) {
          return route.slice(0, k + 1).toString();
        }
      }
      return "?";
    }
  }

  /**
   * @param project the project's name, or {@code null} when the channel's identity was given as such
   * @param identifier the identity its node must prove
   */
  record ProjectChannel(String project, Identifier identifier) {
  }

  /**
   * Replaces every {@code /project/NAME} by the route to that project's node ({@link ProjectRoute}),
   * whose channel then accepts only the project's identity, and every {@code /node/NAME} as
   * {@link #resolveNodes(MultiAddr)} does.
   *
   * @param addr a multiaddr
   * @return the route; failed with {@link NodeException.Kind#NOT_FOUND} for an unknown project or node,
   *   {@code INVALID} for a project without a usable access route or identity, or without a store
   */
  Future<Resolved> resolve(MultiAddr addr) {
    if (addr.components().stream().noneMatch(c -> c.protocol() == MultiAddr.Protocol.PROJECT)) {
      return resolveNodes(addr).map(r -> new Resolved(r, Map.of()));
    }
    if (store == null) {
      return Future.failedFuture(new NodeException(NodeException.Kind.INVALID,
        "cannot resolve a /project/ route: this node has no local state"));
    }
    Future<List<MultiAddr.Component>> out = Future.succeededFuture(new ArrayList<>());
    Map<Integer, ProjectChannel> projects = new java.util.HashMap<>();
    for (MultiAddr.Component c : addr) {
      if (c.protocol() != MultiAddr.Protocol.PROJECT) {
        out = out.map(l -> {
          l.add(c);
          return l;
        });
        continue;
      }
      out = out.compose(l -> store.projects().get(c.value()).compose(found -> {
        if (found.isEmpty()) {
          return Future.failedFuture(new NodeException(NodeException.Kind.NOT_FOUND,
            "there is no project named '" + c.value() + "' (see 'ockam project list')"));
        }
        MultiAddr listener = ProjectRoute.listener(found.get());
        Identifier id = ProjectRoute.identifier(found.get());
        l.addAll(listener.components());
        // the listener's channel is the last secure component the project's route adds
        long after = l.stream().filter(x -> x.protocol() == MultiAddr.Protocol.SECURE).count();
        projects.put((int) after - 1, new ProjectChannel(found.get().name(), id));
        return Future.succeededFuture(l);
      }));
    }
    return out.compose(l -> resolveNodes(MultiAddr.of(l))).map(r -> new Resolved(r, Map.copyOf(projects)));
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
   * Channel options for a route: the given timeout, and the authorized identities, which the channel
   * also reports.
   */
  static SecureChannelOptions channelOptions(List<Identifier> authorized, Duration timeout) {
    SecureChannelOptions opts = new SecureChannelOptions().setTimeout(timeout).setConfirmed(true);
    if (!authorized.isEmpty()) {
      opts.setAuthorizedIdentifiers(authorized);
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
