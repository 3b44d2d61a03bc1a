package io.ockamj.cli;

import io.ockamj.store.NodeRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ockam node list}. */
@Command(name = "list", mixinStandardHelpOptions = true,
  description = "List the local nodes with their status (running, unresponsive, stopped, died), address and pid.")
final class NodeListCommand implements Callable<Integer> {

  @Option(names = "--output", defaultValue = "plain", paramLabel = "FORMAT", description = "plain or json (default: ${DEFAULT-VALUE}).")
  String output;

  @Override
  public Integer call() throws Exception {
    boolean json = LocalState.json(output);
    try (NodeClient c = NodeClient.open()) {
      List<NodeRecord> all = c.records();
      List<Future<String>> statuses = new ArrayList<>();
      for (NodeRecord r : all) {
        statuses.add(NodeCommand.liveStatus(c, r));
      }
      c.await(Future.join(statuses));
      if (json) {
        JsonArray out = new JsonArray();
        for (int i = 0; i < all.size(); i++) {
          out.add(NodeCommand.toJson(all.get(i), statuses.get(i).result()));
        }
        System.out.println(out.encodePrettily());
        return ExitCodes.OK;
      }
      if (all.isEmpty()) {
        System.out.println("No nodes. Create one with 'ockam node create NAME'.");
        return ExitCodes.OK;
      }
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"NAME", "STATUS", "ADDRESS", "PID", "IDENTIFIER", ""});
      for (int i = 0; i < all.size(); i++) {
        NodeRecord r = all.get(i);
        String st = statuses.get(i).result();
        rows.add(new String[] {r.name(), st, String.valueOf(r.tcpListenerAddress()),
          st.equals("stopped") || r.pid() == null ? "-" : String.valueOf(r.pid()), NodeCommand.shortId(r.identifier()),
          r.isDefault() ? "(default)" : ""});
      }
      Table.print(rows);
      return ExitCodes.OK;
    }
  }
}
