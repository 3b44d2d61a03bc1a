package io.ockamj.cli;

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

  static JsonObject toJson(String node, Outlet o) {
    return new JsonObject().put("node", node).put("address", o.address()).put("to", o.target())
      .put("connections", o.connections());
  }

  /** {@code ockam tcp-outlet create}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
    description = "Create a TCP outlet on a node: portal connections that reach its address are connected to HOST:PORT.")
  static final class Create implements Callable<Integer> {

    @Option(names = "--at", paramLabel = "NODE", description = "The node (NAME or /node/NAME; default: the default node).")
    String at;

    @Option(names = "--to", required = true, paramLabel = "HOST:PORT", description = "The TCP service every portal connection connects to.")
    String to;

    @Option(names = "--from", paramLabel = "ADDRESS", defaultValue = Portals.DEFAULT_OUTLET_ADDRESS,
      description = "The outlet's address on the node, which inlet routes end with (default: ${DEFAULT-VALUE}).")
    String from;

    @Option(names = {"--allow", "--expression"}, paramLabel = "POLICY_EXPRESSION",
      description = "The outlet's policy: who may open portal connections, e.g. '(= subject.role \"db-client\")' or 'db'"
        + " (default: the tcp-outlet policy of the node, else (= subject.has_credential true) with an authority, else anyone).")
    String allow;

    @Option(names = "--output", defaultValue = "plain", paramLabel = "FORMAT", description = "plain or json (default: ${DEFAULT-VALUE}).")
    String output;

    @Override
    public Integer call() throws Exception {
      boolean json = LocalState.json(output);
      if (allow != null) {
        PolicyCommand.expression("--allow", allow);
      }
      String address = from.startsWith("/service/") ? from.substring("/service/".length()) : from;
      try {
        TcpTransport.splitHostPort(to);
      } catch (RuntimeException e) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid --to '" + to + "': " + e.getMessage());
      }
      NodeApi.Answer<Outlet> a = NodeApi.call(at, TIMEOUT, api -> api.createOutlet(address, to, allow));
      if (json) {
        NodeApi.print(toJson(a.node(), a.value()));
      } else {
        System.out.println("Created TCP outlet '" + a.value().address() + "' on node " + a.node() + " -> " + a.value().target());
        System.out.println("  inlets reach it at /node/" + a.node() + "/secure/api/service/" + a.value().address());
      }
      return ExitCodes.OK;
    }
  }

  /** {@code ockam tcp-outlet list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the TCP outlets of a node.")
  static final class ListOutlets implements Callable<Integer> {

    @Option(names = "--at", paramLabel = "NODE", description = "The node (NAME or /node/NAME; default: the default node).")
    String at;

    @Option(names = "--output", defaultValue = "plain", paramLabel = "FORMAT", description = "plain or json (default: ${DEFAULT-VALUE}).")
    String output;

    @Override
    public Integer call() throws Exception {
      boolean json = LocalState.json(output);
      NodeApi.Answer<List<Outlet>> a = NodeApi.call(at, TIMEOUT, api -> api.outlets());
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

    @Option(names = "--output", defaultValue = "plain", paramLabel = "FORMAT", description = "plain or json (default: ${DEFAULT-VALUE}).")
    String output;

    @Override
    public Integer call() throws Exception {
      boolean json = LocalState.json(output);
      NodeApi.Answer<Outlet> a = NodeApi.call(at, TIMEOUT, api -> api.outlet(address));
      if (json) {
        NodeApi.print(toJson(a.node(), a.value()));
        return ExitCodes.OK;
      }
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"Node", a.node()});
      rows.add(new String[] {"Address", a.value().address()});
      rows.add(new String[] {"To", a.value().target()});
      rows.add(new String[] {"Connections", String.valueOf(a.value().connections())});
      Table.print(rows);
      return ExitCodes.OK;
    }
  }

  /** {@code ockam tcp-outlet delete}. */
  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a TCP outlet (its open portal connections are closed).")
  static final class Delete implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "ADDRESS", defaultValue = Portals.DEFAULT_OUTLET_ADDRESS,
      description = "The outlet's address (default: ${DEFAULT-VALUE}).")
    String address;

    @Option(names = "--at", paramLabel = "NODE", description = "The node (NAME or /node/NAME; default: the default node).")
    String at;

    @Override
    public Integer call() throws Exception {
      NodeApi.Answer<Void> a = NodeApi.call(at, TIMEOUT, api -> api.deleteOutlet(address));
      System.out.println("Deleted TCP outlet '" + address + "' on node " + a.node());
      return ExitCodes.OK;
    }
  }
}
