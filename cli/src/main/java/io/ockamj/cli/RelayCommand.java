package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;

import io.ockamj.cli.terminal.Output;

import io.ockamj.cli.terminal.Terminal;

import io.ockamj.protocol.MultiAddr;
import io.ockamj.store.PolicyRecord;
import io.ockamj.verticles.nodemanager.CreateRelay;
import io.ockamj.verticles.nodemanager.PolicyClient;
import io.ockamj.verticles.nodemanager.PolicyCodec;
import io.ockamj.verticles.nodemanager.RelayApi;
import io.ockamj.verticles.nodemanager.RelayStatus;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ockam relay ...}: relays a running node keeps registered on a relay node, so that the node can
 * be reached as {@code /node/RELAY_NODE/service/forward_to_NAME} without a listening port of its own.
 * The node pings the relay every second and registers it again with back-off when it is lost; it stores
 * the relay and registers it again when the node restarts.
 * <p>
 * As in Rust, {@code relay create NAME --at RELAY_NODE --to NODE}: {@code --at} is the route to the node
 * that hosts the relay (a bare {@code NAME} means {@code /node/NAME}; by default the default project's
 * node, {@code /project/NAME}, which the node reaches through the project's access route, checking the
 * project's identity), {@code --to} the node that
 * registers it (default: the default node); {@code relay list --to NODE}. {@code --allow} (ours) puts a
 * policy on the relay at the hosting node.
 */
@Command(name = "relay", mixinStandardHelpOptions = true,
  description = "Create, list, show and delete relays: a name on a relay node through which a node can be reached.",
  subcommands = {RelayCommand.Create.class, RelayCommand.ListRelays.class, RelayCommand.Show.class, RelayCommand.Delete.class})
final class RelayCommand {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  /** Rust's default {@code --at}: the default project's node. */
  static final String DEFAULT_AT = "/project/$DEFAULT_PROJECT_NAME";

  private RelayCommand() {
  }

  /**
   * A relay as {@code relay create} and {@code relay list} print it: Rust's {@code RelayInfo}
   * ({@code forwarding_route, remote_address, worker_address, flow_control_id, connection_status} Up/Down,
   * {@code destination_address, name, last_failure}), then ours ({@code node, at, state, relay_address,
   * authorized}).
   */
  static JsonObject toJson(String node, RelayStatus s) {
    return new JsonObject().put("forwarding_route", s.forwardingRoute()).put("remote_address", s.remoteAddress())
      .put("worker_address", s.workerAddress()).put("flow_control_id", s.flowControlId())
      .put("connection_status", connectionStatus(s)).put("destination_address", s.at()).put("name", s.name())
      .put("last_failure", s.lastFailure())
      .put("node", node).put("at", s.at()).put("state", s.state())
      .put("relay_address", s.relayAddress()).put("authorized", s.authorized());
  }

  /**
   * A relay as {@code relay show} prints it: Rust's {@code RelayShowOutput} ({@code name, destination,
   * connection_status, relay_route}, and {@code remote_address}, {@code worker_address} as routes
   * {@code /service/ADDRESS}), then ours ({@code node, at, state, flow_control_id, last_failure,
   * relay_address, authorized}).
   */
  static JsonObject showJson(String node, RelayStatus s) {
    return new JsonObject().put("name", s.name()).put("destination", s.at()).put("connection_status", connectionStatus(s))
      .put("relay_route", s.forwardingRoute()).put("remote_address", serviceRoute(s.remoteAddress()))
      .put("worker_address", serviceRoute(s.workerAddress()))
      .put("node", node).put("at", s.at()).put("state", s.state()).put("flow_control_id", s.flowControlId())
      .put("last_failure", s.lastFailure()).put("relay_address", s.relayAddress()).put("authorized", s.authorized());
  }

  /** Rust's {@code ConnectionStatus}: {@code Up}, else {@code Down} (also while reconnecting). */
  static String connectionStatus(RelayStatus s) {
    return "UP".equals(s.state()) ? "Up" : "Down";
  }

  /** A local address ({@code 0#x} or {@code x}) as the route {@code /service/x}; {@code null} stays. */
  private static String serviceRoute(String address) {
    if (address == null) {
      return null;
    }
    return "/service/" + (address.startsWith("0#") ? address.substring(2) : address);
  }

  /**
   * The default project's name, which a {@code /project/} {@code --at} needs as in Rust (even one that
   * names its project).
   *
   * @throws ExitCodes.CliException ({@link ExitCodes#NOPERM}, Rust's NotEnrolled) when there is none
   */
  static String defaultProject() throws Exception {
    try (NodeClient c = NodeClient.open()) {
      return c.await(c.store.projects().getDefault()).map(io.ockamj.store.ProjectRecord::name)
        .orElseThrow(() -> new ExitCodes.CliException(ExitCodes.NOPERM, "There is no default project defined. Please"
          + " enroll or create a project (ockam project import / enroll), or give the relay node with --at ROUTE,"
          + " e.g. --at /node/relay"));
    }
  }

  /** {@code ockam relay create}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
    description = {"Register a relay NAME for a node on a relay node, and keep it registered.",
      "Messages sent to forward_to_NAME on the relay node then reach the node, e.g. an inlet route"
        + " /node/RELAY_NODE/service/forward_to_NAME/secure/api/service/outlet."})
  static final class Create implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", defaultValue = "default",
      description = "The relay name (default: default, as in Rust: messages to forward_to_default reach the node).")
    String name;

    @Option(names = "--at", paramLabel = "ROUTE", defaultValue = DEFAULT_AT, description = "Route to the node at which to"
      + " create the relay (the relay node), e.g. /node/relay or /ip4/127.0.0.1/tcp/4000; a bare NAME means /node/NAME"
      + " (default: ${DEFAULT-VALUE}, the default project's node, whose channel accepts only the project's identity).")
    String at;

    @Option(names = "--to", paramLabel = "NODE_NAME", description = "Node for which to create the relay: the node that"
      + " registers it and is reached through it (NAME or /node/NAME; default: the default node).")
    String to;

    @Option(names = "--authorized", paramLabel = "AUTHORIZED", description = "Authorized identity for secure channel"
      + " connection: the secure channels opened on the way to the relay node (the /secure/... parts of --at, e.g."
      + " --at /node/relay/secure/api) accept only this identifier.")
    String authorized;

    @Option(names = "--relay-address", paramLabel = "RELAY_ADDRESS", description = "Relay address to use. By default,"
      + " inherits the relay name: the relay node forwards forward_to_RELAY_ADDRESS to the node.")
    String relayAddress;

    @Option(names = "--project-relay", description = "[DEPRECATED] Whether the relay will be used to relay messages at a"
      + " project. It has no effect.")
    boolean projectRelay;

    @Option(names = "--no-connection-wait", description = "Create the Relay without waiting for the connection to be"
      + " established: the node keeps trying in the background.")
    boolean noConnectionWait;

    @Option(names = "--allow", paramLabel = "POLICY_EXPRESSION", description = "(ours) The policy of the relay on the relay"
      + " node (which must be a local node, --at /node/NAME): who may send through forward_to_RELAY_ADDRESS.")
    String allow;

    @Option(names = "--timeout", defaultValue = "10s", converter = Durations.class,
      description = "How long the first registration may take (default: ${DEFAULT-VALUE}).")
    Duration timeout;


    @Override
    public Integer call() throws Exception {
      boolean json = Terminal.json();
      if (projectRelay) {
        Terminal.notice(Fmt.warn("--project-relay is deprecated. This flag has no effect"));
      }
      String relayNode = at.contains("/") ? at : "/node/" + at;
      if (relayNode.startsWith("/project/")) {
        relayNode = relayNode.replace("$DEFAULT_PROJECT_NAME", defaultProject());
      }
      if (relayNode.startsWith("/project/") && authorized != null) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "--authorized can not be used with project addresses");
      }
      MultiAddr route = NodeApi.multiAddr("--at", relayNode);
      io.ockamj.crypto.identity.Identifier authorizedId = authorized == null ? null : identifier(authorized);
      CreateRelay request = new CreateRelay(name, route, authorizedId, relayAddress, !noConnectionWait, timeout);
      io.ockamj.policy.PolicyExpression policy = allow == null ? null : PolicyCommand.expression("--allow", allow);
      if (policy != null) {
        MultiAddr.Component first = route.components().isEmpty() ? null : route.components().get(0);
        if (first == null || first.protocol() != MultiAddr.Protocol.NODE || route.components().size() != 1) {
          throw new ExitCodes.CliException(ExitCodes.USAGE, "--allow needs the relay node as --at /node/NAME");
        }
        PolicyCodec.Resource resource = new PolicyCodec.Resource(PolicyRecord.Target.RESOURCE, request.remoteAddress());
        NodeApi.call(first.value(), TIMEOUT, api -> PolicyClient.of(api).setPolicy(resource, policy));
      }
      NodeApi.Answer<RelayStatus> a = NodeApi.call(to, timeout, api -> new RelayApi(api).createRelay(request));
      Output out;
      if (noConnectionWait) {
        // as Rust: text and JSON only, there is no remote address yet to print as the machine form
        out = Output.of()
          .plain(Fmt.ok("Relay will be created automatically from " + a.value().at() + " → /node/" + a.node()
            + " as soon as a connection can be established."))
          .json(toJson(a.node(), a.value()));
      } else {
        out = createdOutput(a.node(), a.value());
      }
      Terminal.write(out);
      return ExitCodes.OK;
    }

    /**
     * What {@code relay create} prints for a relay it waited for ({@code ockam run} prints the same).
     *
     * @param node the node that registered the relay
     * @param relay the relay
     * @return its text, machine form (the remote address, when there is one) and JSON
     */
    static Output createdOutput(String node, RelayStatus relay) {
      Output out = Output.of()
        .plain("Created relay '" + relay.name() + "' for node " + node + " at " + relay.at() + " (" + relay.state() + ")"
          + "\n  the node is reachable as " + relay.at() + "/service/" + NodeApi.orDash(relay.remoteAddress()))
        .json(toJson(node, relay));
      if (relay.remoteAddress() != null) {
        out.machine("/service/" + relay.remoteAddress());
      }
      return out;
    }

    private static io.ockamj.crypto.identity.Identifier identifier(String text) {
      try {
        return io.ockamj.crypto.identity.Identifier.parse(text);
      } catch (RuntimeException e) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid --authorized '" + text + "': " + e.getMessage());
      }
    }
  }

  /** {@code ockam relay list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the relays of a node with their state.")
  static final class ListRelays implements Callable<Integer> {

    @Option(names = {"--to", "--at"}, paramLabel = "NODE", description = "The node whose relays to list (NAME or /node/NAME;"
      + " default: the default node). --at is ours, kept for scripts written before --to.")
    String at;


    @Override
    public Integer call() throws Exception {
      boolean json = Terminal.json();
      NodeApi.Answer<List<RelayStatus>> a = NodeApi.call(at, TIMEOUT, api -> new RelayApi(api).relays());
      return NodeApi.printList(a, json, (node, s) -> toJson(node, s),
        "Node " + a.node() + " has no relays. Create one with 'ockam relay create NAME --at /node/RELAY_NODE'.",
        new String[] {"NAME", "STATE", "AT", "REMOTE ADDRESS"},
        s -> new String[] {s.name(), s.state(), s.at(), NodeApi.orDash(s.remoteAddress())});
    }
  }

  /** {@code ockam relay show}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one relay of a node.")
  static final class Show implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The relay name.")
    String name;

    @Option(names = "--at", paramLabel = "NODE", description = "The node (NAME or /node/NAME; default: the default node).")
    String at;


    @Override
    public Integer call() throws Exception {
      if (name == null) {
        // as Rust: none at all is a success that says so; else the only one on a terminal, or an error
        List<String> names = NodeApi.call(at, TIMEOUT, api -> new RelayApi(api).relays()).value().stream().map(RelayStatus::name).toList();
        if (ShowFlow.nothingToShow("relays", null, names)) {
          return ExitCodes.OK;
        }
        name = ShowFlow.onlyOne(names, "No relay name provided");
      }
      NodeApi.Answer<RelayStatus> a;
      try {
        a = NodeApi.call(at, TIMEOUT, api -> new RelayApi(api).relay(name));
      } catch (ExitCodes.CliException e) {
        // as Rust: no relay at all is a success that says so
        if (ShowFlow.nothingToShow(e, "relays", null, () -> NodeApi.call(at, TIMEOUT, api -> new RelayApi(api).relays()).value())) {
          return ExitCodes.OK;
        }
        throw e;
      }
      RelayStatus s = a.value();
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"Node", a.node()});
      rows.add(new String[] {"Name", s.name()});
      rows.add(new String[] {"State", s.state()});
      rows.add(new String[] {"At", s.at()});
      rows.add(new String[] {"Remote address", NodeApi.orDash(s.remoteAddress())});
      rows.add(new String[] {"Forwarding route", NodeApi.orDash(s.forwardingRoute())});
      rows.add(new String[] {"Relay address", NodeApi.orDash(s.relayAddress())});
      if (s.authorized() != null) {
        rows.add(new String[] {"Authorized", s.authorized()});
      }
      // as Rust: the relay's name through a pipe
      Terminal.write(Output.of().plain(Table.format(rows)).machine(s.name()).json(showJson(a.node(), s)));
      return ExitCodes.OK;
    }
  }

  /** {@code ockam relay delete}. */
  @Command(name = "delete", mixinStandardHelpOptions = true,
    description = "Delete a relay: the node stops keeping it registered and closes its connection to the relay node.")
  static final class Delete implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "RELAY_NAME", description = "The relay name.")
    String name;

    @Option(names = "--at", paramLabel = "NODE", description = "The node (NAME or /node/NAME; default: the default node).")
    String at;

    @Option(names = {"-y", "--yes"}, description = "Confirm the deletion without prompting.")
    boolean yes;


    @Override
    public Integer call() throws Exception {
      boolean json = Terminal.json();
      try (NodeClient c = NodeClient.open()) {
        return NodeApi.named(c, at, TIMEOUT, (api, node) -> {
          List<String> names = c.await(new RelayApi(api).relays()).stream().map(RelayStatus::name).toList();
          return Confirmation.delete("relay", "relays", name, false, yes, names, json, n -> {
            c.await(new RelayApi(api).deleteRelay(n));
            // Rust prints only the text (also through a pipe); the JSON is ours
            String text = Fmt.ok("Relay with name " + n + " on Node " + node + " has been deleted");
            Terminal.write(Output.of().plain(text).machine(text).json(new JsonObject().put("name", n).put("node", node)));
          });
        });
      }
    }
  }
}
