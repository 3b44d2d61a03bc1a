package io.ockamj.cli;

import io.ockamj.cli.terminal.Output;
import io.ockamj.cli.terminal.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code ockam node default}. */
@Command(name = "default", mixinStandardHelpOptions = true, description = "Print the default node, or make a node the default.")
final class NodeDefaultCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The node to make the default.")
  String name;

  @Override
  public Integer call() throws Exception {
    try (NodeClient c = NodeClient.open()) {
      if (name == null) {
        String n = c.record(null).name();
        Terminal.write(Output.of().plain("The default node is '" + n + "'").machine(n));
        return ExitCodes.OK;
      }
      if (!c.await(c.store.nodes().setDefault(name))) {
        throw NodeClient.unknown(name);
      }
      Terminal.write(Output.of().plain("The node '" + name + "' is now the default").machine(name));
      return ExitCodes.OK;
    }
  }
}
