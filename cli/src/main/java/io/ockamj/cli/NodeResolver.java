package io.ockamj.cli;

import io.ockamj.protocol.MultiAddr;
import io.ockamj.store.NodeRecord;
import io.ockamj.store.OckamHome;
import io.ockamj.store.Store;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Resolves node references: {@code /node/NAME} in a multiaddr (and {@code --at NAME}) becomes the
 * node's TCP listener from the store, {@code /ip4/127.0.0.1/tcp/PORT} (or its own IP if it listens
 * on a specific one). A listener on a wildcard address is reached on the loopback.
 */
final class NodeResolver {

  private NodeResolver() {
  }

  /**
   * Replaces every {@code /node/NAME} component; returns the multiaddr unchanged (without touching
   * the store) if it has none. Blocking: for command-line code only.
   *
   * @param addr the multiaddr
   * @return the resolved multiaddr
   * @throws ExitCodes.CliException {@link ExitCodes#UNREACHABLE} for an unknown node or one without a
   *     listener
   */
  static MultiAddr resolve(MultiAddr addr) throws Exception {
    if (addr.components().stream().noneMatch(c -> c.protocol() == MultiAddr.Protocol.NODE)) {
      return addr;
    }
    Optional<NodeTable> table = NodeTable.open();
    if (table.isPresent()) {
      // the database is up to date: read the nodes straight from it (no Vert.x for a lookup)
      try (NodeTable t = table.get()) {
        List<MultiAddr.Component> out = new ArrayList<>();
        for (MultiAddr.Component c : addr) {
          if (c.protocol() != MultiAddr.Protocol.NODE) {
            out.add(c);
            continue;
          }
          out.addAll(hostPort(t.get(c.value()).orElseThrow(() -> NodeClient.unknown(c.value()))).components());
        }
        return MultiAddr.of(out);
      } catch (SQLException e) {
        // read again through the store, which reports what is wrong
      }
    }
    Vertx vertx = LocalState.clientVertx();
    try {
      Store store = LocalState.await(Store.open(vertx, OckamHome.resolve().database()));
      try {
        return LocalState.await(resolve(store, addr));
      } finally {
        store.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Replaces every {@code /node/NAME} component using an open store.
   *
   * @param store the store
   * @param addr the multiaddr
   * @return the resolved multiaddr, or a failed future with an {@link ExitCodes.CliException}
   */
  static Future<MultiAddr> resolve(Store store, MultiAddr addr) {
    Future<List<MultiAddr.Component>> out = Future.succeededFuture(new ArrayList<>());
    for (MultiAddr.Component c : addr) {
      if (c.protocol() != MultiAddr.Protocol.NODE) {
        out = out.map(l -> {
          l.add(c);
          return l;
        });
        continue;
      }
      out = out.compose(l -> store.nodes().get(c.value()).compose(found -> {
        if (found.isEmpty()) {
          return Future.failedFuture(NodeClient.unknown(c.value()));
        }
        try {
          l.addAll(hostPort(found.get()).components());
        } catch (ExitCodes.CliException e) {
          return Future.failedFuture(e);
        }
        return Future.succeededFuture(l);
      }));
    }
    return out.map(MultiAddr::of);
  }

  /**
   * The node's listener as a multiaddr.
   *
   * @param node the stored node
   * @return {@code /ip4/HOST/tcp/PORT} ({@code /ip6/...} or {@code /dnsaddr/...} as needed)
   */
  static MultiAddr hostPort(NodeRecord node) {
    if (node.tcpListenerAddress() == null) {
      throw new ExitCodes.CliException(ExitCodes.UNREACHABLE, "node '" + node.name() + "' has no TCP listener");
    }
    String[] hp = TcpTransport.splitHostPort(NodeClient.connectAddress(node.tcpListenerAddress()));
    String host = hp[0];
    MultiAddr.Protocol p = host.contains(":") ? MultiAddr.Protocol.IP6
      : host.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") ? MultiAddr.Protocol.IP4 : MultiAddr.Protocol.DNSADDR;
    return MultiAddr.of(MultiAddr.Component.of(p, host), MultiAddr.Component.tcp(Integer.parseInt(hp[1])));
  }

  /**
   * The node named by an option such as {@code --at}: {@code NAME} or {@code /node/NAME}.
   *
   * @param option the option or argument, for the error message
   * @param value its value, or {@code null}
   * @return the node's name, or {@code null} if {@code value} is {@code null} (the default node)
   * @throws ExitCodes.CliException {@link ExitCodes#USAGE} if the value names no node
   */
  static String nodeName(String option, String value) {
    if (value == null) {
      return null;
    }
    String n = value.startsWith("/node/") ? value.substring("/node/".length()) : value;
    if (!NodeClient.isNodeReference(n)) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid " + option + " '" + value
        + "': name a node as NAME or /node/NAME (node names have letters, digits, '_' and '-' only)");
    }
    return n;
  }

  /**
   * The node of a command that takes it as an argument and as {@code --at}: either (or both, if they
   * agree) may be given.
   *
   * @param argument the {@code NAME} argument, or {@code null}
   * @param at the {@code --at} option, or {@code null}
   * @return the node's name, or {@code null} if neither was given (the default node)
   */
  static String nodeArgument(String argument, String at) {
    String a = nodeName("NAME", argument);
    String b = nodeName("--at", at);
    if (a != null && b != null && !a.equals(b)) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "the NAME argument '" + argument + "' and --at '" + at
        + "' name different nodes; give one of them");
    }
    return a != null ? a : b;
  }

  /**
   * Resolves {@code --at NAME} to the node's {@code host:port}.
   *
   * @param name the node name
   * @return {@code host:port} to connect to
   */
  static String at(String name) throws Exception {
    try (NodeClient c = NodeClient.open()) {
      NodeRecord r = c.record(name);
      if (r.tcpListenerAddress() == null) {
        throw new ExitCodes.CliException(ExitCodes.UNREACHABLE, "node '" + r.name() + "' has no TCP listener");
      }
      return NodeClient.connectAddress(r.tcpListenerAddress());
    }
  }
}
