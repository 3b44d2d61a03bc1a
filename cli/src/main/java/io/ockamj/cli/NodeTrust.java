package io.ockamj.cli;

import io.ockamj.crypto.identity.Identity;
import io.ockamj.node.Node;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.store.ProjectRecord;
import io.ockamj.store.Store;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.credentials.AuthorityRevocations;
import io.ockamj.verticles.credentials.CredentialRetriever;
import io.ockamj.verticles.credentials.CredentialRetrieverOptions;
import io.ockamj.verticles.credentials.PeerAttributes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A node's trust in a project's authority ({@code node create --project/--authority-identity/
 * --authority-route/--credential-scope}): listeners verify the credentials peers present against
 * the authority and remember their attributes ({@link PeerAttributes}), and the node keeps its own
 * member credential ({@link CredentialRetriever}).
 */
final class NodeTrust {

  /** {@code -Dockam.credential.refreshAhead=SECONDS} (ours): renew this long before expiry, on top of the skew. */
  static final String REFRESH_AHEAD = "ockam.credential.refreshAhead";
  /** {@code -Dockam.credential.clockSkew=SECONDS} (ours): the clock difference allowed with the authority. */
  static final String CLOCK_SKEW = "ockam.credential.clockSkew";

  final Identity authority;
  final MultiAddr route;
  final String scope;
  final PeerAttributes peers;
  CredentialRetriever retriever;

  private NodeTrust(Identity authority, MultiAddr route, String scope, PeerAttributes peers) {
    this.authority = authority;
    this.route = route;
    this.scope = scope;
    this.peers = peers;
  }

  /** The trust options as arguments of a child process or a stored configuration. */
  static List<String> args(TrustOptions t) {
    List<String> a = new ArrayList<>();
    if (t == null) {
      return a;
    }
    if (t.project != null) {
      a.addAll(List.of("--project", t.project));
    }
    if (t.authorityIdentity != null) {
      a.addAll(List.of("--authority-identity", t.authorityIdentity));
    }
    if (t.authorityRoute != null) {
      a.addAll(List.of("--authority-route", t.authorityRoute));
    }
    if (t.credentialScope != null) {
      a.addAll(List.of("--credential-scope", t.credentialScope));
    }
    return a;
  }

  static JsonObject toConfig(TrustOptions t) {
    return new JsonObject().put("project", t.project).put("authority_identity", t.authorityIdentity)
      .put("authority_route", t.authorityRoute).put("credential_scope", t.credentialScope);
  }

  static List<String> argsFromConfig(JsonObject cfg) {
    JsonObject t = cfg.getJsonObject("authority_trust");
    if (t == null) {
      return List.of();
    }
    TrustOptions o = new TrustOptions();
    o.project = t.getString("project");
    o.authorityIdentity = t.getString("authority_identity");
    o.authorityRoute = t.getString("authority_route");
    o.credentialScope = t.getString("credential_scope");
    return args(o);
  }

  /**
   * Resolves the options against the store.
   *
   * @return the trust, or empty if no option was given
   */
  static Optional<NodeTrust> resolve(Store store, TrustOptions t) throws Exception {
    if (t == null || !t.isSet()) {
      return Optional.empty();
    }
    ProjectRecord project = null;
    if (t.project != null || t.authorityIdentity == null) {
      Optional<ProjectRecord> p = LocalState.await(t.project == null ? store.projects().getDefault() : store.projects().get(t.project));
      if (p.isEmpty()) {
        throw new ExitCodes.CliException(ExitCodes.FAILURE, t.project == null ? "there is no default project"
          : "there is no project named '" + t.project + "'; see 'ockam project list'");
      }
      project = p.get();
    }
    JsonObject model = project == null ? new JsonObject() : project.model();
    String history = t.authorityIdentity != null ? t.authorityIdentity : model.getString("authority_identity");
    String routeText = t.authorityRoute != null ? t.authorityRoute : model.getString("authority_access_route");
    Identity authority;
    try {
      authority = Identity.importHex(history.trim());
    } catch (RuntimeException e) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid authority identity: " + e.getMessage());
    }
    MultiAddr route = routeText == null || t.credentialScope != null && t.authorityRoute == null && project == null ? null
      : NodeApi.multiAddr("--authority-route", routeText);
    String scope = t.credentialScope != null ? t.credentialScope
      : "project-member-" + (project != null ? project.projectId() : authority.identifier().toString());
    LocalState.await(store.identities().store(authority.identifier().toString(), authority.export()));
    return Optional.of(new NodeTrust(authority, route, scope, new PeerAttributes(store.identityAttributes(), Clock.systemUTC())));
  }

  /** @return listener options that verify peers' credentials against the authority and keep their attributes */
  SecureChannelOptions listenerOptions() {
    return new SecureChannelOptions().addAuthority(authority).setCredentialListener(peers);
  }

  /** Starts keeping the node's own credential (the first attempt is awaited; later ones retry in the background). */
  void start(Node node, SecureChannels channels, Store store) throws Exception {
    CredentialRetrieverOptions o = new CredentialRetrieverOptions(authority, route).setScope(scope)
      .setRefreshAhead(Duration.ofSeconds(Long.getLong(REFRESH_AHEAD, CredentialRetrieverOptions.DEFAULT_REFRESH_AHEAD.getSeconds())))
      .setClockSkew(Duration.ofSeconds(Long.getLong(CLOCK_SKEW, CredentialRetrieverOptions.DEFAULT_CLOCK_SKEW.getSeconds())));
    retriever = LocalState.await(CredentialRetriever.start(node, channels, store, o, Clock.systemUTC()));
    // a revoked member's attributes stop counting in policies at once (its channels close too)
    io.ockamj.verticles.revocation.Revocations.of(node).onRevoked(n -> peers.forget(n.subject(), n.issuer(), n.revokedAt()));
    if (route != null) {
      // ours: a member deleted at the authority loses its channels and portals here at once
      Duration renew = Duration.ofMillis(Long.getLong(REVOCATION_RENEW_MS, AuthorityRevocations.DEFAULT_RENEW.toMillis()));
      LocalState.await(AuthorityRevocations.follow(node, channels, store, authority, route, renew));
    }
  }

  /**
   * For one command's in-memory node ({@code message send --project ...}): secure channels verify
   * peers against the authority and present this identity's member credential, fetched once (or
   * read from the store for {@code --credential-scope}); nothing keeps it fresh afterwards.
   *
   * @return the retriever, to close with the node
   */
  CredentialRetriever presentOnce(Node node, SecureChannels channels, Store store) throws Exception {
    channels.setCredentialDefaults(listenerOptions());
    CredentialRetrieverOptions o = new CredentialRetrieverOptions(authority, route).setScope(scope);
    CredentialRetriever r = LocalState.await(CredentialRetriever.start(node, channels, store, o, Clock.systemUTC()));
    if (r.current().isEmpty()) {
      // one attempt is all a command makes (the retriever would try again later)
      r.close();
      throw new ExitCodes.CliException(ExitCodes.FAILURE, "cannot get a credential from the authority"
        + (route == null ? "" : " at " + route) + ": " + r.lastFailure().orElse("no credential"));
    }
    return r;
  }

  /** {@code -Dockam.revocation.renewMs=MS} (ours): how often the revocation subscription is renewed. */
  static final String REVOCATION_RENEW_MS = "ockam.revocation.renewMs";

  JsonArray describe() {
    return new JsonArray().add(authority.identifier().toString()).add(route == null ? null : route.toString()).add(scope);
  }
}
