package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.cli.terminal.Output;

import io.ockamj.cli.terminal.Terminal;

import io.ockamj.verticles.nodemanager.TcpApi;
import io.ockamj.verticles.transport.tcp.TcpConnectionInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ockam tcp-connection ...}: the TCP connections of a node, as Rust Ockam's command has them. */
@Command(name = "tcp-connection", mixinStandardHelpOptions = true, description = "Create, list, show and delete the TCP connections of a node.",
  subcommands = {TcpConnectionCommand.Create.class, TcpConnectionCommand.ListConnections.class, TcpConnectionCommand.Show.class,
    TcpConnectionCommand.Delete.class})
final class TcpConnectionCommand {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private TcpConnectionCommand() {
  }

  /** {@code ockam tcp-connection create}. */
  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a TCP connection from a node to an address.")
  static final class Create implements Callable<Integer> {

    @Option(names = "--from", paramLabel = "NODE", description = "Node that will initiate the connection (default: the default node).")
    String from;

    @Option(names = {"-t", "--to"}, required = true, paramLabel = "ADDRESS", description = "The address to connect to (HOST:PORT).")
    String to;


    @Override
    public Integer call() throws Exception {
      try (NodeClient c = NodeClient.open()) {
        return NodeApi.named(c, from, TIMEOUT, (api, node) -> {
          TcpConnectionInfo info = c.await(new TcpApi(api).createConnection(to));
          String route = TransportJson.workerRoute(info);
          Terminal.write(Output.of().plain(Fmt.ok("A TCP connection was created at the node " + node) + "\n"
              + Fmt.log("to the address " + info.peer())).machine(route)
            .json(new JsonObject().put("from", node).put("to", info.peer()).put("address", route)));
          return ExitCodes.OK;
        });
      }
    }
  }

  /** {@code ockam tcp-connection list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the TCP connections of a node.")
  static final class ListConnections implements Callable<Integer> {

    @Option(names = "--at", paramLabel = "NODE", description = "Perform the command on the given node (default: the default node).")
    String at;


    @Override
    public Integer call() throws Exception {
      return ResourceOutput.list(at, TIMEOUT, api -> new TcpApi(api).connections(), TransportJson.CONNECTION,
        node -> "No TCP Connections found on " + node, true);
    }
  }

  /** {@code ockam tcp-connection show}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a TCP connection.")
  static final class Show implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "TCP connection internal address or socket address.")
    String address;

    @Option(names = "--at", paramLabel = "NODE", description = "Perform the command on the given node (default: the default node).")
    String at;


    @Override
    public Integer call() throws Exception {
      TcpConnectionInfo i = NodeApi.call(at, TIMEOUT, api -> new TcpApi(api).connection(address)).value();
      // Rust prints only the text (also through a pipe); the JSON is ours
      return ResourceOutput.show(i, TransportJson.CONNECTION_DETAILS, TransportJson.details(i));
    }
  }

  /** {@code ockam tcp-connection delete}. */
  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a TCP connection.")
  static final class Delete implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "TCP connection internal address or socket address.")
    String address;

    @Option(names = "--at", paramLabel = "NODE", description = "Perform the command on the given node (default: the default node).")
    String at;

    @Option(names = {"-y", "--yes"}, description = "Confirm the deletion without prompting.")
    boolean yes;


    @Override
    public Integer call() throws Exception {
      if (!Confirmation.confirmed(yes, "Are you sure you want to delete this TCP connection?")) {
        return ExitCodes.OK;
      }
      NodeApi.call(at, TIMEOUT, api -> new TcpApi(api).deleteConnection(address));
      Terminal.write(Output.of().plain(Fmt.ok("TCP connection " + address + " has been successfully deleted"))
        .json(new JsonObject().put("address", address)));
      return ExitCodes.OK;
    }
  }
}
