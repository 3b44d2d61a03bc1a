package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.cli.terminal.Output;

import io.ockamj.cli.terminal.Terminal;

import io.ockamj.verticles.nodemanager.PortalApi;
import io.ockamj.verticles.portal.Outlet;
import io.ockamj.verticles.portal.Portals;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ockam tcp-outlet ...}: TCP outlets of a running node. An outlet accepts portal connections
 * (from inlets, through a secure channel only) and connects each to its target; the node stores it and
 * starts it again when the node restarts.
 */
@Command(name = "tcp-outlet", mixinStandardHelpOptions = true,
  description = "Create, list, show and delete TCP outlets: the end of a portal that connects to a TCP service.",
  subcommands = {TcpOutletCommand.Create.class, TcpOutletCommand.ListOutlets.class, TcpOutletCommand.Show.class,
    TcpOutletCommand.Delete.class})
final class TcpOutletCommand {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private TcpOutletCommand() {
  }

  /** An outlet as Rust's {@code OutletStatus}: {@code to}, {@code worker_addr} (a route), {@code payload}; then ours. */
  static JsonObject rustJson(Outlet o) {
    return new JsonObject().put("to", o.target()).put("worker_addr", "/service/" + o.address()).put("payload", null)
      .put("connections", o.connections());
  }

  /** An outlet in {@code tcp-outlet list}: Rust's {@code from} (its route) and {@code to}, then ours. */
  static JsonObject toJson(String node, Outlet o) {
    return new JsonObject().put("from", "/service/" + o.address()).put("to", o.target())
      .put("node", node).put("address", o.address()).put("connections", o.connections());
  }

  /**
   * An outlet in {@code tcp-outlet show}: Rust's {@code OutletInformation} ({@code node_name},
   * {@code worker_address} its route, {@code to}), then ours.
   */
  static JsonObject showJson(String node, Outlet o) {
    return new JsonObject().put("node_name", node).put("worker_address", "/service/" + o.address()).put("to", o.target())
      .put("node", node).put("address", o.address()).put("connections", o.connections());
  }

  /** {@code ockam tcp-outlet create}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
    description = "Create a TCP outlet on a node: portal connections that reach its address are connected to HOST:PORT.")
  static final class Create implements Callable<Integer> {

    @Option(names = "--at", paramLabel = "NODE", description = "The node (NAME or /node/NAME; default: the default node).")
    String at;

    @Option(names = "--to", required = true, paramLabel = "HOST:PORT", description = "The TCP service every portal connection connects to.")
    String to;

    @Option(names = "--tls",
      description = "If set, the outlet will establish a TLS connection over TCP: the target's certificate must chain to the"
        + " JVM's trust roots and name the host of --to. (ours) Other trust roots: start the node with"
        + " OCKAM_NODE_JAVA_OPTS=-Djavax.net.ssl.trustStore=FILE (and -Djavax.net.ssl.trustStorePassword=...).")
    boolean tls;

    @Option(names = "--from", paramLabel = "ADDRESS", defaultValue = Portals.DEFAULT_OUTLET_ADDRESS,
      description = "The outlet's address on the node, which inlet routes end with (default: ${DEFAULT-VALUE}).")
    String from;

    @Option(names = {"--allow", "--expression"}, paramLabel = "POLICY_EXPRESSION",
      description = "The outlet's policy: who may open portal connections, e.g. '(= subject.role \"db-client\")' or 'db'"
        + " (default: the tcp-outlet policy of the node, else (= subject.has_credential true) with an authority, else anyone).")
    String allow;

    @Override
    public Integer call() throws Exception {
      boolean json = Terminal.json();
      if (allow != null) {
        PolicyCommand.expression("--allow", allow);
      }
      String address = from.startsWith("/service/") ? from.substring("/service/".length()) : from;
      try {
        TcpTransport.splitHostPort(to);
      } catch (RuntimeException e) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid --to '" + to + "': " + e.getMessage());
      }
      NodeApi.Answer<Outlet> a = NodeApi.call(at, TIMEOUT, api -> new PortalApi(api).createOutlet(address, to, allow, tls));
      Terminal.write(createdOutput(a.node(), a.value()));
      return ExitCodes.OK;
    }

    /**
     * What {@code tcp-outlet create} prints for a new outlet ({@code ockam run} prints the same).
     *
     * @param node the outlet's node
     * @param outlet the outlet
     * @return its text, machine form (its address) and JSON
     */
    static Output createdOutput(String node, Outlet outlet) {
      return Output.of()
        .plain("Created a new TCP Outlet in the Node " + node + " at /service/" + outlet.address() + " bound to "
          + outlet.target() + "\n  inlets reach it at /node/" + node + "/secure/api/service/" + outlet.address())
        .machine("/service/" + outlet.address())
        .json(rustJson(outlet).put("node", node));
    }
  }

  /** {@code ockam tcp-outlet list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the TCP outlets of a node.")
  static final class ListOutlets implements Callable<Integer> {

    @Option(names = "--at", paramLabel = "NODE", description = "The node (NAME or /node/NAME; default: the default node).")
    String at;


    @Override
    public Integer call() throws Exception {
      boolean json = Terminal.json();
      NodeApi.Answer<List<Outlet>> a = NodeApi.call(at, TIMEOUT, api -> new PortalApi(api).outlets());
      return NodeApi.printList(a, json, (node, o) -> toJson(node, o),
        "Node " + a.node() + " has no TCP outlets. Create one with 'ockam tcp-outlet create --to HOST:PORT'.",
        new String[] {"ADDRESS", "TO", "CONNECTIONS"},
        o -> new String[] {o.address(), o.target(), String.valueOf(o.connections())});
    }
  }

  /** {@code ockam tcp-outlet show}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one TCP outlet of a node.")
  static final class Show implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "ADDRESS", defaultValue = Portals.DEFAULT_OUTLET_ADDRESS,
      description = "The outlet's address (default: ${DEFAULT-VALUE}).")
    String address;

    @Option(names = "--at", paramLabel = "NODE", description = "The node (NAME or /node/NAME; default: the default node).")
    String at;


    @Override
    public Integer call() throws Exception {
      NodeApi.Answer<Outlet> a;
      try {
        a = NodeApi.call(at, TIMEOUT, api -> new PortalApi(api).outlet(address));
      } catch (ExitCodes.CliException e) {
        // as Rust: no outlet at all is a success that says so
        if (ShowFlow.nothingToShow(e, "tcp outlets", at, () -> NodeApi.call(at, TIMEOUT, api -> new PortalApi(api).outlets()).value())) {
          return ExitCodes.OK;
        }
        throw e;
      }
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"Node", a.node()});
      rows.add(new String[] {"Address", a.value().address()});
      rows.add(new String[] {"To", a.value().target()});
      rows.add(new String[] {"Connections", String.valueOf(a.value().connections())});
      // as Rust: no machine form, so a pipe gets the JSON too
      Terminal.write(Output.of().plain(Table.format(rows)).json(showJson(a.node(), a.value())));
      return ExitCodes.OK;
    }
  }

  /** {@code ockam tcp-outlet delete}. */
  @Command(name = "delete", mixinStandardHelpOptions = true,
    description = "Delete a TCP outlet (or every outlet of the node, with --all); its open portal connections are closed.")
  static final class Delete implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "ADDRESS", description = "The outlet's address.")
    String address;

    @Option(names = "--at", paramLabel = "NODE", description = "The node (NAME or /node/NAME; default: the default node).")
    String at;

    @Option(names = {"-y", "--yes"}, description = "Confirm the deletion without prompting.")
    boolean yes;

    @Option(names = "--all", description = "Delete every TCP outlet of the node.")
    boolean all;


    @Override
    public Integer call() throws Exception {
      boolean json = Terminal.json();
      try (NodeClient c = NodeClient.open()) {
        return NodeApi.named(c, at, TIMEOUT, (api, node) -> {
          List<String> names = c.await(new PortalApi(api).outlets()).stream().map(Outlet::address).toList();
          return Confirmation.delete("TCP outlet", "TCP outlets", address, all, yes, names, json, n -> {
            c.await(new PortalApi(api).deleteOutlet(n));
            // as Rust: the text, the alias through a pipe, {alias, node} as JSON
            Terminal.write(Output.of().plain(Fmt.ok("TCP Outlet with alias " + n + " on node " + node + " has been deleted"))
              .machine(n).json(new JsonObject().put("alias", n).put("node", node)));
          });
        });
      }
    }
  }
}
