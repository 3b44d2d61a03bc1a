package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.cli.terminal.Output;
import io.ockamj.cli.terminal.Terminal;

import io.ockamj.store.NodeRecord;
import io.ockamj.store.OckamHome;
import io.ockamj.verticles.identity.NamedIdentity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ockam status}: as Rust's, the version, the local identities and every node's resources. There is no
 * Orchestrator here: its versions are unknown ({@code null}, N/A) and there are no spaces.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
  description = "Show the Ockam version, the local identities and the nodes with their status, routes and resources.")
final class StatusCommand implements Callable<Integer> {

  @Option(names = "--timeout", paramLabel = "TIMEOUT", defaultValue = "10s", converter = Durations.class,
    description = "Override the default timeout duration that the command will wait for a response (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    try (NodeClient c = NodeClient.open()) {
      List<NamedIdentity> ids = c.await(c.identities.list());
      List<NodeRecord> nodes = c.records();
      List<Future<String>> statuses = new ArrayList<>();
      for (NodeRecord r : nodes) {
        statuses.add(NodeCommand.liveStatus(c, r));
      }
      c.await(Future.join(statuses));
      List<JsonObject> resources = new ArrayList<>();
      List<String> nodeTexts = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        NodeRecord r = nodes.get(i);
        String status = statuses.get(i).result();
        NodeOutput.Live live = status.equals("running") ? NodeOutput.ask(c, r, timeout) : NodeOutput.Live.NONE;
        JsonObject o = NodeOutput.resources(r, status, live);
        resources.add(o);
        nodeTexts.add(nodeText(o));
      }
      String version = Main.class.getPackage().getImplementationVersion();
      JsonArray is = new JsonArray();
      for (NamedIdentity n : ids) {
        is.add(new JsonObject().put("identifier", n.identifier().toString()).put("name", n.name())
          .put("is_default", n.isDefault()).put("status", "NotEnrolled"));
      }
      JsonObject json = new JsonObject()
        .put("ockam_version", new JsonObject().put("version", version == null ? "development build" : version).put("hash", "N/A"))
        .put("orchestrator_version", new JsonObject().putNull("version").putNull("project_version"))
        .put("spaces", new JsonArray()).put("identities", is).put("nodes", new JsonArray(resources))
        // ours
        .put("home", OckamHome.resolve().directory().toString());
      Terminal.write(Output.of().plain(plain(json, ids, nodeTexts)).json(json));
      return ExitCodes.OK;
    }
  }

  private static String plain(JsonObject json, List<NamedIdentity> ids, List<String> nodes) {
    JsonObject v = json.getJsonObject("ockam_version");
    StringBuilder b = new StringBuilder();
    b.append(Fmt.log("Ockam version: " + v.getString("version") + ", compiled from: " + v.getString("hash"))).append('\n');
    b.append(Fmt.log("Controller version: N/A")).append('\n');
    b.append(Fmt.log("Project version: N/A")).append('\n');
    b.append(Fmt.log("State directory: " + json.getString("home"))).append('\n');
    b.append('\n').append(Fmt.warn("No spaces found")).append('\n');
    b.append(Fmt.log("Consider running `ockam enroll` or `ockam space create` to create your first space.")).append('\n');
    if (ids.isEmpty()) {
      b.append('\n').append(Fmt.warn("No identities found")).append('\n');
      b.append(Fmt.log("Consider running `ockam enroll` to enroll an identity.")).append('\n');
    } else {
      b.append(Fmt.heading("Identities")).append('\n');
      for (int i = 0; i < ids.size(); i++) {
        NamedIdentity n = ids.get(i);
        if (i > 0) {
          b.append('\n');
        }
        b.append(Fmt.log(n.name() + (n.isDefault() ? " (default)" : "") + ":")).append('\n');
        b.append(Fmt.log(Fmt.INDENTATION + "With Identifier " + n.identifier())).append('\n');
        b.append(Fmt.log(Fmt.INDENTATION + "Is not enrolled")).append('\n');
      }
    }
    if (nodes.isEmpty()) {
      b.append('\n').append(Fmt.warn("No nodes found")).append('\n');
      b.append(Fmt.log("Consider running `ockam node create` to create your first node.")).append('\n');
    } else {
      b.append(Fmt.heading("Nodes")).append('\n');
      b.append(String.join("\n", nodes));
    }
    return b.toString();
  }

  /** A node as Rust's {@code NodeResources} text: its name, status, route, identity, transports, listeners, portals, services. */
  static String nodeText(JsonObject o) {
    String in = Fmt.INDENTATION;
    StringBuilder b = new StringBuilder();
    b.append(Fmt.log(o.getString("name") + (o.getBoolean("is_default") ? " (default)" : "") + ":")).append('\n');
    Long pid = o.getLong("pid");
    b.append(Fmt.log(in + "The node is " + o.getString("status") + (pid != null ? " with PID " + pid : ""))).append('\n');
    JsonObject route = o.getJsonObject("route");
    b.append(Fmt.log(in + "With route " + route.getString("short")
      + (route.getString("verbose") != null ? " (" + route.getString("verbose") + ")" : ""))).append('\n');
    if (o.getString("http_server_address") != null) {
      b.append(Fmt.log(in + "HTTP server listening at " + o.getString("http_server_address"))).append('\n');
    }
    b.append(Fmt.log(in + "Identity: " + o.getString("identity_name"))).append('\n');
    section(b, o.getJsonArray("transports"), "Transports", t -> ((JsonObject) t).getString("type").toUpperCase(java.util.Locale.ROOT)
      + " " + ((JsonObject) t).getString("mode") + " at " + ((JsonObject) t).getString("socket_addr"));
    section(b, o.getJsonArray("secure_channel_listeners"), "Secure Channels",
      l -> "Listener at /service/" + ((JsonObject) l).getString("address"));
    section(b, o.getJsonArray("outlets"), "Portals", x -> "Outlet " + ((JsonObject) x).getValue("worker_addr")
      + " to " + ((JsonObject) x).getValue("to"));
    section(b, o.getJsonArray("services"), "Services", s -> ((JsonObject) s).getString("type") + " service at "
      + ((JsonObject) s).getString("addr"));
    return b.toString();
  }

  private static void section(StringBuilder b, JsonArray items, String title, java.util.function.Function<Object, String> line) {
    if (items == null || items.isEmpty()) {
      b.append(Fmt.log(Fmt.INDENTATION + "No " + title)).append('\n');
      return;
    }
    b.append(Fmt.log(Fmt.INDENTATION + title + ":")).append('\n');
    for (Object i : items) {
      b.append(Fmt.log(Fmt.INDENTATION.repeat(2) + line.apply(i))).append('\n');
    }
  }
}
