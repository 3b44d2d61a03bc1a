package io.ockamj.cli;

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
      boolean json = Terminal.json();
      TcpListenerInfo l = NodeApi.call(at, TIMEOUT, api -> new TcpApi(api).createListener(address)).value();
      String route = "/dnsaddr/localhost/tcp/" + port(l);
      if (json) {
        Terminal.write(Output.of().json(TransportJson.of(l).put("route", route)));
      } else {
        System.out.println("Tcp listener created! You can send messages to it via this route:");
        System.out.println(route);
      }
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
      boolean json = Terminal.json();
      try (NodeClient c = NodeClient.open()) {
        return NodeApi.named(c, at, TIMEOUT, (api, node) -> {
          List<TcpListenerInfo> all = c.await(new TcpApi(api).listeners());
          if (json) {
            Terminal.write(Output.of().json(new JsonArray(all.stream().map(TransportJson::of).toList())));
          } else if (all.isEmpty()) {
            System.out.println("No TCP Listeners found on " + node);
          } else {
            all.forEach(l -> System.out.println(TransportJson.line(l)));
          }
          return ExitCodes.OK;
        });
      }
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
      boolean json = Terminal.json();
      TcpListenerInfo l = NodeApi.call(at, TIMEOUT, api -> new TcpApi(api).listener(address)).value();
      Terminal.write(Output.of().plain(TransportJson.line(l)).machine(TransportJson.line(l)).json(TransportJson.of(l)));
      return ExitCodes.OK;
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
      boolean json = Terminal.json();
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
          System.out.println(json ? new JsonObject().put("node", node).encode()
            : "TCP listener with address " + address + " on Node " + node + " has been deleted");
          return ExitCodes.OK;
        });
      }
    }
  }
}
