package io.ockamj.cli;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.NodeException;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.store.ProjectRecord;
import io.ockamj.verticles.nodemanager.ProjectRoute;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Routes through a project, as Rust's {@code tcp-inlet create} builds them, and their resolution
 * against the locally known projects.
 * <p>
 * <b>{@code --to} and {@code --via}.</b> Rust's default {@code --to} is
 * {@code /project/<default project>/service/forward_to_<relay>/secure/api/service/<service>}: the
 * outlet named {@code <service>} (default {@code outlet}) on the node that registered the relay
 * {@code <relay>} ({@code --via}, default {@code default}) at the project's node. A {@code --to} that is
 * not a multiaddr is taken as the service name; a {@code --to} that is a route is used as it is, and
 * then {@code --via} is refused.
 * <p>
 * <b>{@code /project/NAME}.</b> Rust's node opens a secure channel to the project node's
 * {@code access_route} (whose last part is the secure channel listener, e.g.
 * {@code /dnsaddr/HOST/tcp/PORT/service/api}). Here the command replaces {@code /project/NAME} with
 * that route, its last {@code /service/LISTENER} turned into {@code /secure/LISTENER}, so the node
 * opens the same channel; as in Rust, that channel accepts only the project's {@code identity}
 * ({@link #projectChannels}), while {@code --authorized} applies to the channel to the outlet.
 */
final class ProjectRoutes {

  /** Rust's relay name when {@code --via} is not given. */
  static final String DEFAULT_RELAY = "default";
  /** Rust's outlet service when {@code --to} names none. */
  static final String DEFAULT_SERVICE = "outlet";
  /** The secure channel listener of a project node whose access route names none. */
  static final String DEFAULT_LISTENER = ProjectRoute.DEFAULT_LISTENER;

  private ProjectRoutes() {
  }

  /**
   * The route of an inlet, as Rust's {@code parse_arg_to}: {@code to} as given when it is a route,
   * else the project route to the service {@code to} (or {@code outlet}) through the relay {@code via}
   * (or {@code default}).
   *
   * @param to the {@code --to} value, or {@code null}
   * @param via the {@code --via} value, or {@code null}
   * @param defaultProject the name of the default project, looked up only when needed
   * @return the route, possibly starting with {@code /project/NAME}
   * @throws ExitCodes.CliException ({@link ExitCodes#USAGE}) for {@code --via} with a route, or no default
   *   project for a project route
   */
  static MultiAddr inletTo(String to, String via, java.util.function.Supplier<Optional<String>> defaultProject) {
    String service = DEFAULT_SERVICE;
    if (to != null) {
      MultiAddr given = null;
      try {
        given = MultiAddr.parse(to);
      } catch (RuntimeException notARoute) {
        if (to.isBlank() || to.contains("/")) {
          throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid --to '" + to + "': " + notARoute.getMessage());
        }
        service = to;
      }
      if (given != null) {
        if (via != null) {
          throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid --to '" + to + "': 'via' can't be passed if 'to' is"
            + " a route (give the outlet's service name as --to, or the whole route without --via)");
        }
        return given;
      }
    }
    String relay = via != null ? via : DEFAULT_RELAY;
    Optional<String> project = defaultProject.get();
    if (project.isEmpty()) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, (via != null ? "--via " + via : "--to " + (to == null ? "(default)" : to))
        + " builds a route through the default project (/project/<default project>/service/forward_to_" + relay
        + "/secure/api/service/" + service + "), but there is no project: import one with 'ockam project import', or give"
        + " --to the whole route to the outlet, e.g. /node/RELAY_NODE/service/forward_to_" + relay + "/secure/api/service/"
        + service);
    }
    try {
      return MultiAddr.of(MultiAddr.Component.of(MultiAddr.Protocol.PROJECT, project.get()),
        MultiAddr.Component.service("forward_to_" + relay), MultiAddr.Component.of(MultiAddr.Protocol.SECURE, "api"),
        MultiAddr.Component.service(service));
    } catch (RuntimeException e) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid --via '" + relay + "' or --to '" + service + "': " + e.getMessage());
    }
  }

  /**
   * Replaces every {@code /project/NAME} of a route with the way to that project's node (see the class
   * documentation).
   *
   * @param route the route
   * @param projects the stored projects by name
   * @return the route without {@code /project/} parts (the same object when there is none)
   * @throws ExitCodes.CliException for an unknown project or one without a usable {@code access_route}
   */
  static MultiAddr resolveProjects(MultiAddr route, Function<String, Optional<ProjectRecord>> projects) {
    return resolve(route, projects, null);
  }

  /**
   * The identity each project's channel of a route must meet, once {@link #resolveProjects} replaced
   * its {@code /project/NAME}: the project's {@code identity}.
   *
   * @param route the route, possibly with {@code /project/NAME} parts
   * @param projects the stored projects by name
   * @return by position among the resolved route's {@code /secure/} components (0: the first), the
   *   project's identifier (empty for a route without projects)
   * @throws ExitCodes.CliException ({@link ExitCodes#USAGE}) for an unknown project, or one without a usable
   *   {@code access_route} or {@code identity}
   */
  static Map<Integer, Identifier> projectChannels(MultiAddr route, Function<String, Optional<ProjectRecord>> projects) {
    Map<Integer, Identifier> out = new HashMap<>();
    resolve(route, projects, out);
    return Map.copyOf(out);
  }

  private static MultiAddr resolve(MultiAddr route, Function<String, Optional<ProjectRecord>> projects,
                                   Map<Integer, Identifier> identities) {
    if (route.components().stream().noneMatch(c -> c.protocol() == MultiAddr.Protocol.PROJECT)) {
      return route;
    }
    List<MultiAddr.Component> out = new ArrayList<>();
    for (MultiAddr.Component c : route.components()) {
      if (c.protocol() != MultiAddr.Protocol.PROJECT) {
        out.add(c);
        continue;
      }
      ProjectRecord p = projects.apply(c.value()).orElseThrow(() -> new ExitCodes.CliException(ExitCodes.USAGE,
        "there is no project named '" + c.value() + "' (see 'ockam project list')"));
      out.addAll(projectNode(p).components());
      if (identities != null) {
        int secure = (int) out.stream().filter(x -> x.protocol() == MultiAddr.Protocol.SECURE).count();
        identities.put(secure - 1, usage(() -> ProjectRoute.identifier(p)));
      }
    }
    return MultiAddr.of(out);
  }

  private static <T> T usage(java.util.function.Supplier<T> s) {
    try {
      return s.get();
    } catch (NodeException e) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, e.getMessage());
    }
  }

  /** The route to a project node's secure channel listener, from its {@code access_route} (see {@link ProjectRoute#listener}). */
  static MultiAddr projectNode(ProjectRecord p) {
    return usage(() -> ProjectRoute.listener(p));
  }
}
