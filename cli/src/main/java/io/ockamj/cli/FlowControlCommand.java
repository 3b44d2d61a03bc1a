package io.ockamj.cli;

import io.ockamj.protocol.api.Method;
import io.ockamj.verticles.nodemanager.NodeManagerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code ockam flow-control add-consumer FLOW_CONTROL_ID ADDRESS [--at NODE]}: lets the messages of a
 * flow reach one more local address of a node (Rust's {@code POST /node/flow_controls/add_consumer}).
 * <p>
 * A flow's id is what {@code tcp-listener show} and {@code tcp-connection show} print (JSON) as
 * {@code flow_control_id}. As in Rust, the command prints nothing when the node added the
 * consumer, and exits with 70 when the node refused (an address that is not one local hop); a node that
 * does not run exits with 69.
 */
@Command(name = "flow-control", mixinStandardHelpOptions = true, description = "Manage the flow controls of a node.",
  subcommands = {FlowControlCommand.AddConsumer.class})
final class FlowControlCommand {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern ID = Pattern.compile("[0-9a-fA-F]{32}");

  private FlowControlCommand() {
  }

  /** {@code ockam flow-control add-consumer}. */
  @Command(name = "add-consumer", mixinStandardHelpOptions = true,
    description = {"Add a consumer to a flow control: messages of the flow (e.g. those arriving on a TCP listener or"
      + " connection) may then reach the address.",
      "Prints nothing on success, as Rust."})
  static final class AddConsumer implements Callable<Integer> {

    @Option(names = "--at", paramLabel = "NODE_NAME", description = "Perform the command on the given node (NAME or"
      + " /node/NAME; default: the default node).")
    String at;

    @Parameters(index = "0", paramLabel = "FLOW_CONTROL_ID", description = "Corresponding FlowControlId value (the"
      + " flow_control_id that tcp-listener show and tcp-connection show print: 32 hex characters).")
    String flowControlId;

    @Parameters(index = "1", paramLabel = "ADDRESS", description = "Address of the Consumer: one local address,"
      + " /service/NAME (also /secure/NAME, /worker/NAME; (ours): a bare NAME).")
    String address;

    @Override
    public Integer call() throws Exception {
      if (!ID.matcher(flowControlId).matches()) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid value '" + flowControlId + "' for '<FLOW_CONTROL_ID>':"
          + " a flow control id is 32 hex characters, as 'ockam tcp-listener show' prints it");
      }
      if (address.startsWith("/")) {
        NodeApi.multiAddr("<ADDRESS>", address);
      }
      Map<String, Object> body = Map.of("flow_control_id", flowControlId.toLowerCase(java.util.Locale.ROOT), "address", address);
      try (NodeClient c = NodeClient.open()) {
        NodeApi.session(c, at, TIMEOUT, api -> {
          try {
            return c.await(api.call(Method.POST, "/node/flow_controls/add_consumer", body));
          } catch (NodeManagerException e) {
            // as Rust: any refusal of the node exits with 70
            throw new ExitCodes.CliException(ExitCodes.FAILURE, e.getMessage());
          }
        });
      }
      return ExitCodes.OK;
    }
  }
}
