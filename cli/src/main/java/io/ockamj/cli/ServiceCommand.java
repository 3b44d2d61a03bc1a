package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.cli.terminal.Terminal;
import io.ockamj.verticles.nodemanager.NodeManagerClient;
import io.ockamj.verticles.nodemanager.ServiceInfo;
import io.vertx.core.json.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code ockam service start hop|echo|uppercase}: more services on a running node. */
@Command(name = "service", mixinStandardHelpOptions = true, description = "Start and list the services of a node.",
  subcommands = {ServiceCommand.Start.class, ServiceCommand.ListServices.class})
final class ServiceCommand {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private ServiceCommand() {
  }

  /** {@code ockam service start}. */
  @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a specified service.",
    subcommands = {Hop.class, Echo.class, Uppercase.class})
  static final class Start {
  }

  /** {@code ockam service list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the services of a node.")
  static final class ListServices implements Callable<Integer> {

    @Option(names = "--at", paramLabel = "NODE_NAME",
      description = "Perform the command on the given node (default: the default node).")
    String at;

    @Override
    public Integer call() throws Exception {
      return ResourceOutput.list(at, TIMEOUT, NodeManagerClient::services, KIND, node -> "No services found on " + node, false);
    }
  }

  /** A service in a list: {@code TYPE service at ADDRESS}; its JSON as Rust's {@code ServiceStatus}: addr, type. */
  static final ResourceOutput.Kind<ServiceInfo> KIND = new ResourceOutput.Kind<>(s -> s.type() + " service at " + s.address(),
    s -> new JsonObject().put("addr", s.address()).put("type", s.type()));

  /** What the three services share: the node and the address. */
  abstract static class StartOne implements Callable<Integer> {

    @Option(names = "--at", paramLabel = "NODE_NAME",
      description = "Perform the command on the given node (default: the default node).")
    String at;

    abstract String kind();

    abstract String addr();

    @Override
    public Integer call() throws Exception {
      if (!NodeClient.NAME.matcher(addr()).matches()) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid --addr '" + addr() + "'");
      }
      NodeApi.call(at, TIMEOUT, api -> api.startService(kind(), addr()));
      if (kind().equals("hop")) {
        Terminal.notice(Fmt.warn("SECURITY WARNING: Don't use Hop service in production nodes"));
      }
      Terminal.notice(Fmt.ok("Service started at address " + addr()));
      return ExitCodes.OK;
    }
  }

  /** {@code ockam service start hop}. */
  @Command(name = "hop", mixinStandardHelpOptions = true, description = "A service that forwards each message to the next address of its route.")
  static final class Hop extends StartOne {
    @Option(names = "--addr", defaultValue = "hop", description = "Its address (default: ${DEFAULT-VALUE}).")
    String addr;

    @Override
    String kind() {
      return "hop";
    }

    @Override
    String addr() {
      return addr;
    }
  }

  /** {@code ockam service start echo} (ours). */
  @Command(name = "echo", mixinStandardHelpOptions = true, description = "(ours) A service that answers each message with its payload.")
  static final class Echo extends StartOne {
    @Option(names = "--addr", defaultValue = "echo", description = "Its address (default: ${DEFAULT-VALUE}).")
    String addr;

    @Override
    String kind() {
      return "echo";
    }

    @Override
    String addr() {
      return addr;
    }
  }

  /** {@code ockam service start uppercase} (ours). */
  @Command(name = "uppercase", mixinStandardHelpOptions = true,
    description = "(ours) A service that answers each message with its payload in upper case.")
  static final class Uppercase extends StartOne {
    @Option(names = "--addr", defaultValue = "uppercase", description = "Its address (default: ${DEFAULT-VALUE}).")
    String addr;

    @Override
    String kind() {
      return "uppercase";
    }

    @Override
    String addr() {
      return addr;
    }
  }
}
