package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.cli.terminal.Output;

import io.ockamj.cli.terminal.Terminal;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.verticles.nodemanager.InletStatus;
import io.ockamj.verticles.nodemanager.NodeManagerException;
import io.ockamj.verticles.nodemanager.NodeResources;
import io.ockamj.verticles.nodemanager.PortalApi;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ockam tcp-inlet ...}: TCP inlets of a running node. An inlet listens on a local port and
 * carries every connection to an outlet along a route, usually a secure channel through a relay; the
 * node keeps the route alive (rebuilding it when the relay or the outlet's node comes back), stores
 * the inlet and starts it again, on the same port, when the node restarts.
 */
@Command(name = "tcp-inlet", mixinStandardHelpOptions = true,
  description = "Create, list, show and delete TCP inlets: the end of a portal that TCP clients connect to.",
  subcommands = {TcpInletCommand.Create.class, TcpInletCommand.ListInlets.class, TcpInletCommand.Show.class,
    TcpInletCommand.Delete.class})
final class TcpInletCommand {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private TcpInletCommand() {
  }

  /** Rust's {@code InletStatus} only, as {@code node show} lists the inlets. */
  static JsonObject rustJson(InletStatus s) {
    return new JsonObject().put("bind_addr", s.bindAddress()).put("worker_addr", s.workerAddress()).put("alias", s.alias())
      .put("payload", null).put("outlet_route", s.route()).put("status", "UP".equals(s.state()) ? "Up" : "Down")
      .put("outlet_addr", s.outletRoute());
  }

  /**
   * Rust's {@code InletStatus} fields ({@code bind_addr, worker_addr, alias, payload, outlet_route,
   * status} Up/Down, {@code outlet_addr} as given), then ours.
   */
  static JsonObject toJson(String node, InletStatus s) {
    return rustJson(s).put("node", node).put("from", s.bindAddress()).put("to", s.outletRoute())
      .put("authorized", new JsonArray(s.authorized())).put("state", s.state()).put("connections", s.connections())
      .put("reason", s.reason());
  }

  /** {@code ockam tcp-inlet create}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
    description = {"Create a TCP inlet on a node: connections to --from are carried to the outlet at the end of --to.",
      "The node resolves the route first (/node/NAME from the local state, a secure channel for every /secure/ hop,"
        + " proving the node's identity) and fails if the outlet cannot be reached; afterwards it rebuilds the route"
        + " by itself whenever it is lost."})
  static final class Create implements Callable<Integer> {

    @Option(names = "--at", paramLabel = "NODE", description = "The node (NAME or /node/NAME; default: the default node).")
    String at;

    @Option(names = "--from", paramLabel = "HOST:PORT", defaultValue = NodeResources.DEFAULT_INLET_BIND,
      description = "Where the inlet listens; port 0 picks a free port (default: ${DEFAULT-VALUE}).")
    String from;

    @Option(names = "--to", paramLabel = "ROUTE",
      description = {"Route to the outlet, e.g. /node/relay/service/forward_to_n1/secure/api/service/outlet, or only the"
        + " outlet's service name (e.g. outlet), reached through a relay of the default project (see --via).",
        "Default, as in Rust: /project/<default_project_name>/service/forward_to_<default_relay_name>/secure/api/service/"
          + "<default_service_name> (relay 'default', service 'outlet'). A /project/NAME part goes to the project's"
          + " access_route."})
    String to;

    @Option(names = "--via", paramLabel = "RELAY_NAME",
      description = "Name of the relay that this TCP Inlet will use to connect to the TCP Outlet, at the default project's"
        + " node: the route becomes /project/<default_project_name>/service/forward_to_RELAY_NAME/secure/api/service/<--to"
        + " or outlet>. Not with a --to that is a route.")
    String via;

    @Option(names = "--authorized", paramLabel = "IDENTIFIER",
      description = "Accept only these identities at the far end of the route's secure channels (repeatable; default: any).")
    List<String> authorized;

    @Option(names = "--alias", paramLabel = "NAME", description = "Name of the inlet (default: a random name).")
    String alias;

    @Option(names = "--identity", paramLabel = "IDENTITY_NAME",
      description = "Identity to be used to create the secure channel. If not set, the node's identity will be used.")
    String identity;

    @Option(names = "--timeout", defaultValue = "10s", converter = Durations.class,
      description = "How long the node may take to reach the outlet (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--connection-wait", paramLabel = "WAIT", converter = Durations.class,
      description = "Time to wait for the outlet to be available (default: the --timeout).")
    Duration connectionWait;

    @Option(names = "--retry-wait", paramLabel = "RETRY", defaultValue = "20s", converter = Durations.class,
      description = {"Time to wait before trying again to create the inlet when the outlet cannot be reached"
        + " (default: ${DEFAULT-VALUE}; 0 fails at once). As in Rust, it tries until it succeeds; unlike Rust, a"
        + " refusal, a taken address or a bad request fails at once."})
    Duration retryWait;

    @Option(names = "--no-connection-wait",
      description = "Create the inlet without waiting for the outlet: it is DOWN until the outlet answers and keeps trying in the background.")
    boolean noConnectionWait;

    @Option(names = {"--allow", "--expression"}, paramLabel = "POLICY_EXPRESSION",
      description = "The inlet's policy: which outlet node may send into it (default: the tcp-inlet policy of the node,"
        + " else (= subject.has_credential true) with an authority, else anyone).")
    String allow;

    /** The identity each project channel of the route must meet (set by {@link #route}). */
    private Map<Integer, Identifier> projectChannels = Map.of();

    private MultiAddr route(List<Identifier> ids) throws Exception {
      InletRoute r = routeOf(to, via, ids);
      projectChannels = r.projectChannels();
      return r.route();
    }

    @Override
    public Integer call() throws Exception {
      boolean json = Terminal.json();
      if (allow != null) {
        PolicyCommand.expression("--allow", allow);
      }
      try {
        TcpTransport.splitHostPort(from);
      } catch (RuntimeException e) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid --from '" + from + "': " + e.getMessage());
      }
      if (alias != null && !NodeClient.NAME.matcher(alias).matches()) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid --alias '" + alias
          + "': use 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit");
      }
      List<Identifier> ids = NodeCommand.identifiers("--authorized", authorized);
      MultiAddr route = route(ids);
      if (identity != null) {
        try (NodeClient c = NodeClient.open()) {
          NodeCommand.requireIdentity(c, identity, "");
        }
      }
      Duration wait = connectionWait != null ? connectionWait : timeout;
      Duration requestTimeout = wait.compareTo(timeout) > 0 ? wait : timeout;
      NodeApi.Answer<InletStatus> a;
      try (NodeClient c = NodeClient.open()) {
        a = NodeApi.session(c, at, requestTimeout, api -> {
          while (true) {
            try {
              return c.await(new PortalApi(api).createInlet(alias, from, route, ids, wait, !noConnectionWait, identity, allow,
                projectChannels));
            } catch (NodeManagerException e) {
              if (retryWait.isZero() || !worthRetrying(e)) {
                throw e;
              }
              Terminal.notice("Waiting for TCP Inlet " + route + " to be available... Retrying in " + (retryWait.toMillis() % 1000 == 0 ? retryWait.toSeconds() + "s" : retryWait.toMillis() + "ms")
                + " (" + e.getMessage() + ")");
              Thread.sleep(retryWait.toMillis());
            }
          }
        });
      }
      Terminal.write(createdOutput(a.node(), a.value()));
      return ExitCodes.OK;
    }

    /**
     * What {@code tcp-inlet create} prints for a new inlet ({@code ockam run} prints the same).
     *
     * @param node the inlet's node
     * @param inlet the inlet
     * @return its text, machine form (its bind address) and JSON
     */
    static Output createdOutput(String node, InletStatus inlet) {
      return Output.of()
        .plain("Created TCP inlet '" + inlet.alias() + "' on node " + node + (inlet.reason() == null
          ? ", listening on " : ", at ") + inlet.bindAddress()
          + "\n  -> " + inlet.outletRoute()
          + (inlet.reason() != null ? "\n  " + inlet.state() + ": " + inlet.reason()
            + " (retrying in the background; the address is bound once the outlet answers)" : ""))
        .machine(inlet.bindAddress())
        .json(toJson(node, inlet));
    }
  }

  /**
   * The outlet route of {@code create}: {@code --to}, or the project route {@code --to}/{@code --via}
   * make (see {@link ProjectRoutes}), with its {@code /project/NAME} replaced by the project's access
   * route, with the identity each project's channel must meet.
   */
  private static InletRoute routeOf(String to, String via, List<Identifier> ids) throws Exception {
    if (to != null && via == null && !to.contains("/project/") && to.startsWith("/")) {
      return new InletRoute(NodeApi.multiAddr("--to", to), Map.of());
    }
    try (NodeClient c = NodeClient.open()) {
      MultiAddr given = ProjectRoutes.inletTo(to, via, () -> {
        try {
          return c.await(c.store.projects().getDefault()).map(io.ockamj.store.ProjectRecord::name);
        } catch (Exception e) {
          throw new ExitCodes.CliException(ExitCodes.FAILURE, "cannot read the projects: " + ExitCodes.describe(e));
        }
      });
      if (!given.isEmpty() && given.get(0).protocol() == MultiAddr.Protocol.PROJECT && !ids.isEmpty()) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "--authorized can not be used with project addresses");
      }
      java.util.function.Function<String, java.util.Optional<io.ockamj.store.ProjectRecord>> projects = name -> {
        try {
          return c.await(c.store.projects().get(name));
        } catch (Exception e) {
          throw new ExitCodes.CliException(ExitCodes.FAILURE, "cannot read the projects: " + ExitCodes.describe(e));
        }
      };
      return new InletRoute(ProjectRoutes.resolveProjects(given, projects), ProjectRoutes.projectChannels(given, projects));
    }
  }

  /**
   * @param route the route to the outlet, without {@code /project/} parts
   * @param projectChannels by position among the route's secure components, the project identity that channel accepts
   */
  private record InletRoute(MultiAddr route, Map<Integer, Identifier> projectChannels) {
  }

  /** Whether time can fix what made a creation fail: the outlet not reachable yet, not a refusal or a bad request. */
  static boolean worthRetrying(NodeManagerException e) {
    if (e.status() == null) {
      return true;
    }
    switch (e.status()) {
      // the outlet did not answer in time, or the node failed on its way there: a later try may work;
      // something named that does not exist (NOT_FOUND) does not appear by waiting
      case TIMEOUT:
      case INTERNAL_SERVER_ERROR:
        return true;
      default:
        return false;
    }
  }

  /** {@code ockam tcp-inlet list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the TCP inlets of a node with their state.")
  static final class ListInlets implements Callable<Integer> {

    @Option(names = "--at", paramLabel = "NODE", description = "The node (NAME or /node/NAME; default: the default node).")
    String at;


    @Override
    public Integer call() throws Exception {
      boolean json = Terminal.json();
      NodeApi.Answer<List<InletStatus>> a = NodeApi.call(at, TIMEOUT, api -> new PortalApi(api).inlets());
      return NodeApi.printList(a, json, (node, s) -> toJson(node, s),
        "Node " + a.node() + " has no TCP inlets. Create one with 'ockam tcp-inlet create --to ROUTE'.",
        new String[] {"ALIAS", "FROM", "STATE", "CONNECTIONS", "TO"},
        s -> new String[] {s.alias(), s.bindAddress(), s.state(), String.valueOf(s.connections()), s.outletRoute()});
    }
  }

  /** {@code ockam tcp-inlet show}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one TCP inlet of a node.")
  static final class Show implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "ALIAS", description = "The inlet's alias.")
    String alias;

    @Option(names = "--at", paramLabel = "NODE", description = "The node (NAME or /node/NAME; default: the default node).")
    String at;


    @Override
    public Integer call() throws Exception {
      boolean json = Terminal.json();
      if (alias == null) {
        // as Rust: none at all is a success that says so; else the only one on a terminal, or an error
        List<String> names = NodeApi.call(at, TIMEOUT, api -> new PortalApi(api).inlets()).value().stream().map(InletStatus::alias).toList();
        if (ShowFlow.nothingToShow("tcp inlets", at, names)) {
          return ExitCodes.OK;
        }
        alias = ShowFlow.onlyOne(names, "No TCP Inlet alias provided");
      }
      NodeApi.Answer<InletStatus> a;
      try {
        a = NodeApi.call(at, TIMEOUT, api -> new PortalApi(api).inlet(alias));
      } catch (ExitCodes.CliException e) {
        // as Rust: no inlet at all is a success that says so
        if (ShowFlow.nothingToShow(e, "tcp inlets", at, () -> NodeApi.call(at, TIMEOUT, api -> new PortalApi(api).inlets()).value())) {
          return ExitCodes.OK;
        }
        throw e;
      }
      InletStatus s = a.value();
      if (json) {
        NodeApi.print(toJson(a.node(), s));
        return ExitCodes.OK;
      }
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"Node", a.node()});
      rows.add(new String[] {"Alias", s.alias()});
      rows.add(new String[] {"From", s.bindAddress()});
      rows.add(new String[] {"To", s.outletRoute()});
      rows.add(new String[] {"Authorized", s.authorized().isEmpty() ? "any" : String.join(", ", s.authorized())});
      rows.add(new String[] {"State", s.state() + (s.reason() == null ? "" : " (" + s.reason() + ")")});
      rows.add(new String[] {"Connections", String.valueOf(s.connections())});
      Table.print(rows);
      return ExitCodes.OK;
    }
  }

  /** {@code ockam tcp-inlet delete}. */
  @Command(name = "delete", mixinStandardHelpOptions = true,
    description = "Delete a TCP inlet (or every inlet of the node, with --all): its port is closed, its portal connections and secure channels too.")
  static final class Delete implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "ALIAS", description = "The inlet's alias.")
    String alias;

    @Option(names = "--at", paramLabel = "NODE", description = "The node (NAME or /node/NAME; default: the default node).")
    String at;

    @Option(names = {"-y", "--yes"}, description = "Confirm the deletion without prompting.")
    boolean yes;

    @Option(names = "--all", description = "Delete every TCP inlet of the node.")
    boolean all;


    @Override
    public Integer call() throws Exception {
      boolean json = Terminal.json();
      try (NodeClient c = NodeClient.open()) {
        return NodeApi.named(c, at, TIMEOUT, (api, node) -> {
          List<String> names = c.await(new PortalApi(api).inlets()).stream().map(InletStatus::alias).toList();
          return Confirmation.delete("TCP inlet", "TCP inlets", alias, all, yes, names, json, n -> {
            c.await(new PortalApi(api).deleteInlet(n));
            // as Rust: the text, and {alias, node} as JSON (a pipe gets the JSON)
            Terminal.write(Output.of().plain(Fmt.ok("TCP Inlet with alias " + n + " on Node " + node + " has been deleted"))
              .json(new JsonObject().put("alias", n).put("node", node)));
          });
        });
      }
    }
  }
}
