package io.ockamj.cli;

import io.ockamj.crypto.identity.Identity;
import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.api.Status;
import io.ockamj.store.ProjectRecord;
import io.ockamj.verticles.authority.AuthorityClient;
import io.ockamj.verticles.authority.AuthorityException;
import io.ockamj.verticles.channel.ChannelException;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.identity.LocalIdentity;
import io.ockamj.verticles.identity.NamedIdentity;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Optional;

/**
 * The authority a project command talks to: from the stored project ({@code --project NAME} or the
 * default project), or given directly with {@code --authority-identity} and {@code --authority-route};
 * and a client to it, proving a local identity, from an in-process node.
 */
final class ProjectAccess implements AutoCloseable {

  final NodeClient c;
  final Identity authority;
  final MultiAddr route;
  final ProjectRecord project;
  private Node node;
  private AuthorityClient client;
  private NamedIdentity who;

  private ProjectAccess(NodeClient c, Identity authority, MultiAddr route, ProjectRecord project) {
    this.c = c;
    this.authority = authority;
    this.route = route;
    this.project = project;
  }

  /**
   * Resolves the authority of a command.
   *
   * @param c the local state
   * @param trust the trust options
   * @param projectName a project name given by other means ({@code -p}), or {@code null}
   * @return the access; {@link #close()} closes the client (not {@code c})
   */
  static ProjectAccess resolve(NodeClient c, TrustOptions trust, String projectName) throws Exception {
    String name = projectName != null ? projectName : trust == null ? null : trust.project;
    ProjectRecord project = null;
    if (name != null || trust == null || trust.authorityIdentity == null || trust.authorityRoute == null) {
      Optional<ProjectRecord> p = c.await(name == null ? c.store.projects().getDefault() : c.store.projects().get(name));
      if (p.isEmpty()) {
        throw new ExitCodes.CliException(ExitCodes.FAILURE, name == null
          ? "there is no default project; import one with 'ockam project import --project-file FILE' or enroll with a ticket"
          : "there is no project named '" + name + "'; see 'ockam project list'");
      }
      project = p.get();
    }
    JsonObject model = project == null ? new JsonObject() : project.model();
    String history = trust != null && trust.authorityIdentity != null ? trust.authorityIdentity : model.getString("authority_identity");
    String routeText = trust != null && trust.authorityRoute != null ? trust.authorityRoute : model.getString("authority_access_route");
    if (history == null) {
      throw new ExitCodes.CliException(ExitCodes.FAILURE, "the project has no authority identity");
    }
    if (routeText == null) {
      throw new ExitCodes.CliException(ExitCodes.FAILURE, "the project has no authority route; this ockam never guesses one"
        + " (give --authority-route MULTIADDR)");
    }
    Identity authority;
    try {
      authority = Identity.importHex(history.trim());
    } catch (RuntimeException e) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid authority identity: " + e.getMessage());
    }
    MultiAddr route = NodeApi.multiAddr("--authority-route", routeText);
    return new ProjectAccess(c, authority, route, project);
  }

  /** @return the project's name, or {@code default} when the authority was given by its identity and route only */
  String projectName() {
    return project != null ? project.name() : "default";
  }

  /** @return the identity {@link #connect} proved, or {@code null} before it */
  NamedIdentity who() {
    return who;
  }

  /** @return the identifier of the identity {@link #connect} proved, or {@code null} before it */
  io.ockamj.crypto.identity.Identifier identifier() {
    return who == null ? null : who.identifier();
  }

  /** @return the scope of the member credential of this project ({@code project-member-<id>}) */
  String memberScope() {
    String id = project != null ? project.projectId() : authority.identifier().toString();
    return "project-member-" + id;
  }

  /**
   * Opens a secure channel to the authority as a local identity.
   *
   * @param identityName the identity, or {@code null} for the default one
   * @param timeout handshake and answer timeout
   * @return the client
   */
  AuthorityClient connect(String identityName, Duration timeout) throws Exception {
    who = c.await(identityName == null ? c.identities.getOrCreateDefault() : c.identities.get(identityName)
      .map(o -> o.orElseThrow(() -> new ExitCodes.CliException(ExitCodes.FAILURE, "no identity named '" + identityName
        + "'; create it with 'ockam identity create " + identityName + "'"))));
    LocalIdentity li = c.await(c.identities.loadSecureChannelKey(who.name()));
    node = c.await(Node.create(c.vertx, new NodeOptions().setName("cli-project").setBuiltinServices(false)));
    SecureChannels channels = SecureChannels.create(node, new ChannelIdentity(li.identity(), li.secureChannelKey(), li.vault(),
      java.util.List.of()));
    try {
      client = c.await(AuthorityClient.connect(node, channels, route, authority.identifier(), timeout));
    } catch (ChannelException e) {
      throw new ExitCodes.CliException(ExitCodes.UNREACHABLE, "cannot reach the authority at " + route + ": " + e.getMessage());
    } catch (Exception e) {
      throw new ExitCodes.CliException(ExitCodes.UNREACHABLE, "cannot reach the authority at " + route + ": "
        + ExitCodes.describe(e));
    }
    return client;
  }

  /** Waits for an authority call, turning its refusals into CLI errors. */
  <T> T call(io.vertx.core.Future<T> f) throws Exception {
    try {
      return c.await(f);
    } catch (AuthorityException e) {
      throw refused(e);
    }
  }

  static ExitCodes.CliException refused(AuthorityException e) {
    int code = e.status() == Status.FORBIDDEN || e.status() == Status.UNAUTHORIZED ? ExitCodes.REFUSED
      : e.status() == Status.BAD_REQUEST ? ExitCodes.USAGE : ExitCodes.FAILURE;
    return new ExitCodes.CliException(code, "the authority refused: " + e.getMessage());
  }

  @Override
  public void close() throws Exception {
    if (client != null) {
      c.await(client.close().otherwiseEmpty());
    }
    if (node != null) {
      c.await(node.close().otherwiseEmpty());
    }
  }
}
