package io.ockamj.cli;

import io.ockamj.node.Node;
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
        System.out.println(c.record(null).name());
        return ExitCodes.OK;
      }
      if (!c.await(c.store.nodes().setDefault(name))) {
        throw NodeClient.unknown(name);
      }
      System.out.println("Node " + name + " is now the default node");
      return ExitCodes.OK;
    }
  }
}
