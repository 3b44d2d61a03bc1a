package io.ockamj.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code ockam service start hop|echo|uppercase}: more services on a running node. */
@Command(name = "service", mixinStandardHelpOptions = true, description = "Start services on a node.",
  subcommands = {ServiceCommand.Start.class})
final class ServiceCommand {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private ServiceCommand() {
  }

  /** {@code ockam service start}. */
  @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a specified service.",
    subcommands = {Hop.class, Echo.class, Uppercase.class})
  static final class Start {
  }

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
        System.err.println("SECURITY WARNING: Don't use Hop service in production nodes");
      }
      System.err.println("Service started at address " + addr());
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
