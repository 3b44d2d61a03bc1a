package io.ockamj.cli;

import io.ockamj.cli.terminal.Terminal;

import io.ockamj.store.NodeRecord;
import io.ockamj.store.OckamHome;
import io.ockamj.verticles.identity.NamedIdentity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ockam status}: the local identities and nodes, and what runs where.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
  description = "Show the state directory, the local identities and the nodes with their status, address and pid.")
final class StatusCommand implements Callable<Integer> {


  @Override
  public Integer call() throws Exception {
    boolean json = Terminal.json();
    try (NodeClient c = NodeClient.open()) {
      List<NamedIdentity> ids = c.await(c.identities.list());
      List<NodeRecord> nodes = c.records();
      List<Future<String>> statuses = new ArrayList<>();
      for (NodeRecord r : nodes) {
        statuses.add(NodeCommand.liveStatus(c, r));
      }
      c.await(Future.join(statuses));
      if (json) {
        JsonArray is = new JsonArray();
        for (NamedIdentity n : ids) {
          is.add(new JsonObject().put("name", n.name()).put("identifier", n.identifier().toString()).put("is_default", n.isDefault()));
        }
        JsonArray ns = new JsonArray();
        for (int i = 0; i < nodes.size(); i++) {
          ns.add(NodeCommand.toJson(nodes.get(i), statuses.get(i).result()));
        }
        NodeCommand.print(new JsonObject().put("home", OckamHome.resolve().directory().toString()).put("identities", is).put("nodes", ns));
        return ExitCodes.OK;
      }
      System.out.println("State directory: " + OckamHome.resolve().directory());
      System.out.println();
      if (ids.isEmpty()) {
        System.out.println("Identities: none (one is created on first use)");
      } else {
        System.out.println("Identities:");
        List<String[]> rows = new ArrayList<>();
        for (NamedIdentity n : ids) {
          rows.add(new String[] {"  " + n.name(), n.identifier().toString(), n.isDefault() ? "(default)" : ""});
        }
        Table.print(rows);
      }
      System.out.println();
      if (nodes.isEmpty()) {
        System.out.println("Nodes: none");
      } else {
        long running = statuses.stream().filter(s -> s.result().equals("running")).count();
        System.out.println("Nodes: " + nodes.size() + " (" + running + " running)");
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
          NodeRecord r = nodes.get(i);
          String st = statuses.get(i).result();
          rows.add(new String[] {"  " + r.name(), st, String.valueOf(r.tcpListenerAddress()),
            st.equals("stopped") || r.pid() == null ? "-" : "pid " + r.pid(),
            "identity " + r.config().getString("identity", NodeCommand.shortId(r.identifier())), r.isDefault() ? "(default)" : ""});
        }
        Table.print(rows);
      }
      return ExitCodes.OK;
    }
  }
}
