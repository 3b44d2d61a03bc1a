package io.ockamj.cli;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.Node;
import io.ockamj.store.NodeRecord;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.nodemanager.NodeManagerClient;
import io.ockamj.verticles.nodemanager.NodeStatus;
import io.ockamj.verticles.nodemanager.SecureChannelListenerInfo;
import io.ockamj.verticles.nodemanager.ServiceInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ockam node show}. */
@Command(name = "show", mixinStandardHelpOptions = true,
  description = "Show a node: status, address, identity, and (if it runs) its services, listeners and secure channels.")
final class NodeShowCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The node, as NAME or /node/NAME (default: the default node).")
  String name;

  @Option(names = "--at", paramLabel = "NODE", description = "The node, as NAME or /node/NAME (instead of the NAME argument).")
  String at;

  @Option(names = "--output", defaultValue = "plain", paramLabel = "FORMAT", description = "plain or json (default: ${DEFAULT-VALUE}).")
  String output;

  @Override
  public Integer call() throws Exception {
    boolean json = LocalState.json(output);
    String node = NodeResolver.nodeArgument(name, at);
    try (NodeClient c = NodeClient.open()) {
      NodeRecord r = c.record(node);
      String status = NodeClient.localStatus(r);
      NodeStatus live = null;
      List<ServiceInfo> services = List.of();
      List<SecureChannelListenerInfo> listeners = List.of();
      List<SecureChannel> channels = List.of();
      if (status.equals("running")) {
        try {
          NodeManagerClient api = c.await(c.api(r, NodeCommand.API_TIMEOUT));
          try {
            live = c.await(api.node());
            services = c.await(api.services());
            listeners = c.await(api.secureChannelListeners());
            // leave out the channels the CLI opened to ask (they prove the node's own identity)
            channels = c.await(api.secureChannels()).stream()
              .filter(ch -> ch.initiator() || !ch.peer().toString().equals(r.identifier())).toList();
          } finally {
            c.await(api.close());
          }
        } catch (Exception e) {
          status = "unresponsive";
        }
      }
      JsonObject o = NodeCommand.toJson(r, status);
      if (live != null) {
        o.put("workers", live.workers()).put("admins", new JsonArray(live.admins()));
        JsonObject dropped = new JsonObject();
        live.dropped().forEach(dropped::put);
        o.put("dropped_messages", dropped);
      }
      if (json) {
        o.put("services", new JsonArray(services.stream().map(s -> new JsonObject().put("address", s.address()).put("type", s.type())).toList()));
        o.put("secure_channel_listeners", new JsonArray(listeners.stream().map(l -> new JsonObject().put("address", l.address())
          .put("trusted", new JsonArray(l.trusted()))).toList()));
        o.put("secure_channels", new JsonArray(channels.stream().map(ch -> new JsonObject().put("encryptor", ch.encryptor().toString())
          .put("peer", ch.peer().toString()).put("initiator", ch.initiator())).toList()));
        NodeCommand.print(o);
        return ExitCodes.OK;
      }
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"Node", r.name() + (r.isDefault() ? " (default)" : "")});
      rows.add(new String[] {"Status", status});
      rows.add(new String[] {"Address", String.valueOf(r.tcpListenerAddress())});
      rows.add(new String[] {"Identifier", r.identifier()});
      rows.add(new String[] {"Identity", r.config().getString("identity", "?")});
      rows.add(new String[] {"PID", status.equals("stopped") || r.pid() == null ? "-" : String.valueOf(r.pid())});
      if (live != null) {
        rows.add(new String[] {"Workers", String.valueOf(live.workers())});
        rows.add(new String[] {"Dropped", live.dropped().isEmpty() ? "0" : String.join(", ",
          live.dropped().entrySet().stream().map(e -> e.getValue() + " " + e.getKey().replace('_', ' ')).toList())});
        rows.add(new String[] {"Services", String.join(", ", services.stream().map(ServiceInfo::address).toList())});
        rows.add(new String[] {"Listeners", String.join(", ", listeners.stream().map(SecureChannelListenerInfo::address).toList())});
        rows.add(new String[] {"Channels", String.valueOf(channels.size())});
      }
      Table.print(rows);
      return ExitCodes.OK;
    }
  }
}
