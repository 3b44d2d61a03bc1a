package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.cli.terminal.Output;

import io.ockamj.cli.terminal.Terminal;

import io.ockamj.verticles.nodemanager.TcpApi;
import io.ockamj.verticles.transport.tcp.TcpListenerInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ockam tcp-listener ...}: the TCP listeners of a node, as Rust Ockam's command has them. */
@Command(name = "tcp-listener", mixinStandardHelpOptions = true, description = "Create, list, show and delete the TCP listeners of a node.",
  subcommands = {TcpListenerCommand.Create.class, TcpListenerCommand.ListListeners.class, TcpListenerCommand.Show.class,
    TcpListenerCommand.Delete.class})
final class TcpListenerCommand {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private TcpListenerCommand() {
  }

  static String port(TcpListenerInfo l) {
    return l.socketAddress().substring(l.socketAddress().lastIndexOf(':') + 1);
  }

  /** {@code ockam tcp-listener create}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
    description = "Create a TCP listener on a node; messages arriving on it reach the node as on its first listener.")
  static final class Create implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "Address for this listener (HOST:PORT; port 0 picks a free port).")
    String address;

    @Option(names = "--at", paramLabel = "NODE", description = "Perform the command on the given node (default: the default node).")
    String at;


    @Override
    public Integer call() throws Exception {
      TcpListenerInfo l = NodeApi.call(at, TIMEOUT, api -> new TcpApi(api).createListener(address)).value();
      String route = "/dnsaddr/localhost/tcp/" + port(l);
      // Rust prints only the text (also through a pipe); the JSON is ours
      String text = Fmt.ok("Tcp listener created! You can send messages to it via this route:") + "\n" + Fmt.log(route);
      Terminal.write(Output.of().plain(text).machine(text).json(TransportJson.of(l).put("route", route)));
      return ExitCodes.OK;
    }
  }

  /** {@code ockam tcp-listener list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the TCP listeners of a node.")
  static final class ListListeners implements Callable<Integer> {

    @Option(names = "--at", paramLabel = "NODE", description = "Perform the command on the given node (default: the default node).")
    String at;


    @Override
    public Integer call() throws Exception {
      return ResourceOutput.list(at, TIMEOUT, api -> new TcpApi(api).listeners(), TransportJson.LISTENER,
        node -> "No TCP Listeners found on " + node, true);
    }
  }

  /** {@code ockam tcp-listener show}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a TCP listener.")
  static final class Show implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "The listener's socket address (HOST:PORT, or its port).")
    String address;

    @Option(names = "--at", paramLabel = "NODE", description = "Perform the command on the given node (default: the default node).")
    String at;


    @Override
    public Integer call() throws Exception {
      TcpListenerInfo l = NodeApi.call(at, TIMEOUT, api -> new TcpApi(api).listener(address)).value();
      // as Rust: text and JSON, no machine form (a pipe gets the JSON)
      return ResourceOutput.show(l, TransportJson.LISTENER, null);
    }
  }

  /** {@code ockam tcp-listener delete}. */
  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a TCP listener (the connections it accepted stay open).")
  static final class Delete implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "The listener's socket address (HOST:PORT, or its port).")
    String address;

    @Option(names = "--at", paramLabel = "NODE", description = "Perform the command on the given node (default: the default node).")
    String at;

    @Option(names = {"-y", "--yes"}, description = "Confirm the deletion without prompting.")
    boolean yes;


    @Override
    public Integer call() throws Exception {
      try (NodeClient c = NodeClient.open()) {
        return NodeApi.named(c, at, TIMEOUT, (api, node) -> {
          TcpApi tcp = new TcpApi(api);
          // as Rust: an unknown listener is an error before anything is asked
          try {
            c.await(tcp.listener(address));
          } catch (io.ockamj.verticles.nodemanager.NodeManagerException e) {
            throw new ExitCodes.CliException(ExitCodes.FAILURE, "TCP listener with address " + address + " was not found on Node " + node);
          }
          if (!Confirmation.confirmed(yes, "Are you sure you want to delete this TCP listener?")) {
            return ExitCodes.OK;
          }
          c.await(tcp.deleteListener(address));
          Terminal.write(Output.of().plain(Fmt.ok("TCP listener with address " + address + " on Node " + node + " has been deleted"))
            .json(new JsonObject().put("node", node)));
          return ExitCodes.OK;
        });
      }
    }
  }
}
