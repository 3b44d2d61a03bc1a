package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.NodeException;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.store.ProjectRecord;

/**
 * The way to a project's node, from the project as imported or enrolled ({@link ProjectRecord}): what a
 * {@code /project/NAME} hop of an inlet's or a relay's route stands for.
 * <p>
 * As in Rust, the node opens a secure channel to the project node's {@code access_route}, whose last
 * part is that node's secure channel listener (e.g. {@code /dnsaddr/HOST/tcp/PORT/service/api}), and
 * accepts only the project's own identity (the project's {@code identity} field) at the other end.
 * Here the access route's last {@code /service/LISTENER} becomes {@code /secure/LISTENER}
 * ({@code /secure/api} is added when it names no listener).
 */
public final class ProjectRoute {

  /** The secure channel listener of a project node whose access route names none. */
  public static final String DEFAULT_LISTENER = "api";

  private ProjectRoute() {
  }

  /**
   * @param p a project
   * @return the route to the project node's secure channel listener, ending in {@code /secure/LISTENER}
   * @throws NodeException ({@code INVALID}) when the project has no {@code access_route} or one that does not parse
   */
  public static MultiAddr listener(ProjectRecord p) {
    String access = p.model().getString("access_route");
    if (access == null || access.isBlank()) {
      throw new NodeException(NodeException.Kind.INVALID, "project '" + p.name() + "' has no access_route: its node"
        + " cannot be reached (give --to the whole route instead)");
    }
    MultiAddr a;
    try {
      a = MultiAddr.parse(access.trim());
    } catch (RuntimeException e) {
      throw new NodeException(NodeException.Kind.INVALID, "project '" + p.name() + "' has an invalid access_route '"
        + access + "': " + e.getMessage());
    }
    int last = a.size() - 1;
    if (last >= 0 && a.get(last).protocol() == MultiAddr.Protocol.SERVICE) {
      return a.slice(0, last).append(MultiAddr.Component.of(MultiAddr.Protocol.SECURE, a.get(last).value()));
    }
    if (last >= 0 && a.get(last).protocol() == MultiAddr.Protocol.SECURE) {
      return a;
    }
    return a.append(MultiAddr.Component.of(MultiAddr.Protocol.SECURE, DEFAULT_LISTENER));
  }

  /**
   * @param p a project
   * @return the identifier the project's node must prove: the project's {@code identity}
   * @throws NodeException ({@code INVALID}) when the project has none or one that does not parse
   */
  public static Identifier identifier(ProjectRecord p) {
    String id = p.model().getString("identity");
    if (id == null || id.isBlank()) {
      throw new NodeException(NodeException.Kind.INVALID, "project '" + p.name() + "' has no identity: its node cannot"
        + " be authenticated (import the project with its 'identity')");
    }
    try {
      return Identifier.parse(id.trim());
    } catch (RuntimeException e) {
      throw new NodeException(NodeException.Kind.INVALID, "project '" + p.name() + "' has an invalid identity '" + id
        + "': " + e.getMessage());
    }
  }
}
