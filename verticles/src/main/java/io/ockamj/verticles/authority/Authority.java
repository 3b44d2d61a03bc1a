package io.ockamj.verticles.authority;

import io.ockamj.crypto.identity.RevocationNotice;
import io.ockamj.verticles.revocation.RevocationService;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.crypto.identity.VerifiedCredential;
import io.ockamj.node.Node;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Address;
import io.ockamj.store.AuthorityMemberRecord;
import io.ockamj.store.Store;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.identity.IdentityManager;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An authority (§6.6): a node's identity that keeps a member store and issues member credentials.
 * {@link #start} loads the pre-trusted identities, creates the secure-channel listener {@code api}
 * (trusting every identity that proves itself) and starts {@code credential_issuer},
 * {@code direct_authenticator}, {@code enrollment_token_issuer}, {@code enrollment_token_acceptor} and,
 * when configured, {@code okta} ({@link OktaOptions}), all reachable only through that listener's channels.
 */
public final class Authority {

  /** Address of the credential issuer (§6.7). */
  public static final String CREDENTIAL_ISSUER = "credential_issuer";
  /** Address of the direct authenticator (§6.9). */
  public static final String DIRECT_AUTHENTICATOR = "direct_authenticator";
  /** Address of the enrollment token issuer (§6.8). */
  public static final String TOKEN_ISSUER = "enrollment_token_issuer";
  /** Address of the enrollment token acceptor (§6.8). */
  public static final String TOKEN_ACCEPTOR = "enrollment_token_acceptor";
  /** The member attribute that makes an enroller. */
  public static final String ROLE_KEY = "ockam-role";
  /** Its value. */
  public static final String ENROLLER = "enroller";

  private final Node node;
  private final Store store;
  private final IdentityManager identities;
  private final String identityName;
  private final Identifier identifier;
  private final AuthorityOptions options;
  private final Clock clock;
  /** Credentials of the account authority presented by callers: project admins (§6.8). */
  private final Map<Identifier, VerifiedCredential> accountCredentials = new ConcurrentHashMap<>();
  private RevocationService revocations;
  private OktaService okta;

  private Authority(Node node, Store store, IdentityManager identities, String identityName, Identifier identifier,
                    AuthorityOptions options, Clock clock) {
    this.node = node;
    this.store = store;
    this.identities = identities;
    this.identityName = identityName;
    this.identifier = identifier;
    this.options = options;
    this.clock = clock;
  }

  /**
   * Starts an authority on a node.
   *
   * @param node the node
   * @param channels the node's secure channels, proving the authority's identity
   * @param identities the identity manager holding the authority identity's keys
   * @param identityName the name of the authority's identity
   * @param store the store with the member and token tables
   * @param options the configuration; its project identifier is required
   * @return a future with the running authority
   */
  public static Future<Authority> start(Node node, SecureChannels channels, IdentityManager identities, String identityName,
                                        Store store, AuthorityOptions options) {
    return start(node, channels, identities, identityName, store, options, Clock.systemUTC());
  }

  /**
   * Like {@link #start(Node, SecureChannels, IdentityManager, String, Store, AuthorityOptions)} with a clock.
   *
   * @param node the node
   * @param channels the node's secure channels
   * @param identities the identity manager
   * @param identityName the authority identity's name
   * @param store the store
   * @param options the configuration
   * @param clock the clock for member and token times
   * @return a future with the running authority
   */
  public static Future<Authority> start(Node node, SecureChannels channels, IdentityManager identities, String identityName,
                                        Store store, AuthorityOptions options, Clock clock) {
    Objects.requireNonNull(options.getProjectIdentifier(), "the authority needs a project identifier");
    Identifier self = channels.identity().identity().identifier();
    Authority a = new Authority(node, store, identities, identityName, self, options, clock);
    SecureChannelOptions listener = new SecureChannelOptions();
    if (options.getAccountAuthority() != null) {
      listener.addAuthority(options.getAccountAuthority());
      listener.setCredentialListener((peer, credential) -> a.accountCredentials.put(peer, credential));
    }
    return a.loadPreTrusted()
      .compose(v -> channels.createListener(SecureChannels.DEFAULT_LISTENER, listener))
      .compose(v -> a.startServices(channels));
  }

  private Future<Void> loadPreTrusted() {
    List<AuthorityMemberRecord> members = new ArrayList<>();
    Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
    options.getTrustedIdentities().forEach((id, attrs) -> members.add(new AuthorityMemberRecord(id.toString(),
      identifier.toString(), now, true, AuthorityMessages.encodeStoredAttributes(attrs))));
    return store.authorityMembers().replacePreTrusted(members);
  }

  private Future<Authority> startServices(SecureChannels channels) {
    List<Future<Void>> started = new ArrayList<>();
    started.add(startService(CREDENTIAL_ISSUER, new CredentialIssuerService(this)));
    // ours: deleting a member pushes a signed revocation notice to subscribed nodes
    revocations = new RevocationService(identifier, (seq, subject, at) -> identities.signRevocation(identityName, seq, subject, at),
      store.revocations(), clock);
    node.flowControls().addConsumer(Address.local(RevocationService.ADDRESS), node.secureChannelFlowControlId());
    started.add(node.startWorker(WorkerOptions.of(RevocationService.ADDRESS), revocations));
    if (options.isDirectAuthentication()) {
      started.add(startService(DIRECT_AUTHENTICATOR, new DirectAuthenticatorService(this)));
    }
    if (options.isTokenEnrollment()) {
      started.add(startService(TOKEN_ISSUER, new EnrollmentTokenServices.Issuer(this)));
      started.add(startService(TOKEN_ACCEPTOR, new EnrollmentTokenServices.Acceptor(this)));
    }
    if (options.getOkta() != null) {
      okta = new OktaService(this, options.getOkta());
      started.add(startService(OktaOptions.ADDRESS, okta));
    }
    return Future.all(started).map(this);
  }

  private Future<Void> startService(String address, AuthorityService service) {
    // reachable through the listener's channels only (§6.6)
    node.flowControls().addConsumer(Address.local(address), node.secureChannelFlowControlId());
    return node.startWorker(WorkerOptions.of(address), service);
  }

  /** @return the authority's identifier */
  public Identifier identifier() {
    return identifier;
  }

  /**
   * Revokes a member's credentials now (ours): signs, stores and pushes a revocation notice to the
   * nodes subscribed to this authority's {@value RevocationService#ADDRESS} service.
   *
   * @param member the identity whose credentials stop counting
   * @return a future with the notice, once stored
   */
  public Future<RevocationNotice> revoke(Identifier member) {
    return revocations.revoke(member);
  }

  /** @return the revocation service (its subscribers and last notice number) */
  public RevocationService revocations() {
    return revocations;
  }

  /** @return how many Okta enrollments were refused; 0 without an Okta service */
  public long oktaRefusals() {
    return okta == null ? 0 : okta.refusals();
  }

  /** @return the configuration */
  public AuthorityOptions options() {
    return options;
  }

  Store store() {
    return store;
  }

  IdentityManager identities() {
    return identities;
  }

  String identityName() {
    return identityName;
  }

  long now() {
    return clock.instant().getEpochSecond();
  }

  /** What the caller may do (Rust's {@code EnrollerAccessControlChecks}). */
  record Caller(boolean member, boolean enroller, boolean admin, boolean preTrusted) {
  }

  /** @return a future telling whether {@code who} is a member, an enroller, an admin, pre-trusted */
  Future<Caller> check(Identifier who) {
    return store.authorityMembers().get(who.toString()).map(found -> {
      boolean member = found.isPresent();
      boolean enroller = member && ENROLLER.equals(
        AuthorityMessages.decodeStoredAttributes(found.get().attributes()).get(ROLE_KEY));
      boolean preTrusted = member && found.get().preTrusted();
      boolean admin;
      if (options.getAccountAuthority() != null) {
        if (isProjectAdmin(who)) {
          member = true;
          enroller = true;
          admin = true;
        } else {
          admin = !options.isEnforceAdminChecks() && enroller;
        }
      } else {
        admin = enroller;
      }
      return new Caller(member, enroller, admin, preTrusted);
    });
  }

  /** @return whether {@code who} presented an account-authority credential for this project, still valid */
  boolean isProjectAdmin(Identifier who) {
    VerifiedCredential c = accountCredentials.get(who);
    if (c == null) {
      return false;
    }
    if (c.expiresAt() <= now()) {
      accountCredentials.remove(who, c);
      return false;
    }
    return c.attributes().get("project").map(options.getProjectIdentifier()::equals).orElse(false);
  }
}
