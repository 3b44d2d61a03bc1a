package io.ockamj.cli;

import io.ockamj.cli.terminal.Output;
import io.ockamj.cli.terminal.Terminal;
import io.ockamj.store.NodeRecord;
import io.vertx.core.json.JsonArray;
import picocli.CommandLine.Command;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code ockam node list}. */
@Command(name = "list", mixinStandardHelpOptions = true,
  description = "List the local nodes with their status (running, stopped, died: from the process table), address and pid.")
final class NodeListCommand implements Callable<Integer> {

  @Override
  public Integer call() throws Exception {
    List<NodeRecord> all = records();
    JsonArray out = new JsonArray();
    List<String> statuses = new ArrayList<>();
    for (NodeRecord r : all) {
      // as Rust: the process table says whether a node runs (asking each node would cost a secure
      // channel handshake apiece); 'node show' asks the node
      statuses.add(NodeClient.localStatus(r));
    }
    for (int i = 0; i < all.size(); i++) {
      out.add(NodeOutput.listItem(all.get(i), statuses.get(i)));
    }
    String plain;
    if (all.isEmpty()) {
      plain = "No nodes found on this system. Create one with 'ockam node create NAME'.";
    } else {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"NAME", "STATUS", "ADDRESS", "PID", "IDENTIFIER", ""});
      for (int i = 0; i < all.size(); i++) {
        NodeRecord r = all.get(i);
        String st = statuses.get(i);
        rows.add(new String[] {r.name(), st, String.valueOf(r.tcpListenerAddress()),
          st.equals("stopped") || r.pid() == null ? "-" : String.valueOf(r.pid()), NodeCommand.shortId(r.identifier()),
          r.isDefault() ? "(default)" : ""});
      }
      plain = Table.format(rows);
    }
    Terminal.write(Output.of().plain(plain).json(out));
    return ExitCodes.OK;
  }

  /**
   * The stored nodes: read straight from the database when it is up to date (no Vert.x, no pool:
   * this command only reads), else through the store, which creates or migrates it first.
   */
  private static List<NodeRecord> records() throws Exception {
    Optional<NodeTable> table = NodeTable.open();
    if (table.isPresent()) {
      try (NodeTable t = table.get()) {
        return t.list();
      } catch (SQLException e) {
        // read again through the store, which reports what is wrong
      }
    }
    try (NodeClient c = NodeClient.open()) {
      return c.records();
    }
  }
}
