package io.ockamj.verticles.authority;

import io.ockamj.crypto.identity.CredentialAndPurposeKey;
import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.Node;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.api.ApiError;
import io.ockamj.protocol.api.Method;
import io.ockamj.protocol.api.Request;
import io.ockamj.protocol.api.Response;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.channel.TrustPolicy;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Talks to an authority's services through one secure channel to its listener, trusting only the
 * authority's identifier. Failures arrive as {@link AuthorityException} (the authority's answer),
 * {@link io.ockamj.verticles.channel.ChannelException} or a node timeout.
 */
public final class AuthorityClient {

  /** Default time to wait for the handshake and each answer. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final Node node;
  private final SecureChannels channels;
  private final SecureChannel channel;
  private final Duration timeout;

  private AuthorityClient(Node node, SecureChannels channels, SecureChannel channel, Duration timeout) {
    this.node = node;
    this.channels = channels;
    this.channel = channel;
    this.timeout = timeout;
  }

  /**
   * Opens a secure channel to an authority.
   *
   * @param node the local node
   * @param channels the identity to prove
   * @param route the authority's listener, e.g. {@code /ip4/127.0.0.1/tcp/4000/service/api}; required
   * @param authority the authority's identifier, the only identity trusted
   * @param timeout how long the handshake and each answer may take
   * @return the client; {@link #close()} closes the channel
   */
  public static Future<AuthorityClient> connect(Node node, SecureChannels channels, MultiAddr route, Identifier authority,
                                                Duration timeout) {
    Objects.requireNonNull(route, "an authority route is required");
    Route r;
    try {
      r = route.toTransportRoute();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    SecureChannelOptions opts = new SecureChannelOptions().setTimeout(timeout)
      .setTrustPolicy(TrustPolicy.trustIdentifiers(authority));
    return channels.createSecureChannel(r, opts).map(ch -> new AuthorityClient(node, channels, ch, timeout));
  }

  /** @return the channel to the authority */
  public SecureChannel channel() {
    return channel;
  }

  /**
   * Presents a one-time code to become a member (§6.8).
   *
   * @param code the code
   * @return a future completed when the authority accepted it
   */
  public Future<Void> enroll(OneTimeCode code) {
    return call(Authority.TOKEN_ACCEPTOR, Method.POST, "/", code.encode()).mapEmpty();
  }

  /**
   * Enrolls with an Okta access token (Rust's {@code enroll_with_oidc_token_okta}): the authority's
   * {@value OktaOptions#ADDRESS} service asks its Okta tenant about the token and makes this identity
   * a member with the claims it is configured to keep.
   *
   * @param token the access token from Okta
   * @return a future completed when enrolled, or failed with an {@link AuthorityException} saying why not
   */
  public Future<Void> enrollWithOkta(OidcToken token) {
    return call(OktaOptions.ADDRESS, Method.POST, "v0/enroll", token.encode()).mapEmpty();
  }

  /**
   * Asks for a member credential (§6.7).
   *
   * @return a future with the credential (not yet verified)
   */
  public Future<CredentialAndPurposeKey> credential() {
    return call(Authority.CREDENTIAL_ISSUER, Method.POST, "/", null).compose(body -> {
      try {
        return Future.succeededFuture(CredentialAndPurposeKey.decode(body == null ? new byte[0] : body));
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    });
  }

  /**
   * Asks for an enrollment token.
   *
   * @param request attributes, lifetime and uses
   * @return a future with the one-time code
   */
  public Future<OneTimeCode> createToken(AuthorityMessages.CreateToken request) {
    return call(Authority.TOKEN_ISSUER, Method.POST, "/", request.encode()).map(body -> OneTimeCode.decode(orEmpty(body)));
  }

  /**
   * @param member the identity to add
   * @param attributes its attributes
   * @return a future completed when added
   */
  public Future<Void> addMember(Identifier member, Map<String, String> attributes) {
    return call(Authority.DIRECT_AUTHENTICATOR, Method.POST, "/", new AuthorityMessages.AddMember(member, attributes).encode())
      .mapEmpty();
  }

  /** @return a future with every member */
  public Future<Map<Identifier, AuthorityMessages.MemberEntry>> members() {
    return call(Authority.DIRECT_AUTHENTICATOR, Method.GET, "/", null).map(b -> AuthorityMessages.decodeMembers(orEmptyMap(b)));
  }

  /** @return a future with every member's identifier */
  public Future<List<Identifier>> memberIds() {
    return call(Authority.DIRECT_AUTHENTICATOR, Method.GET, "/member_ids", null)
      .map(b -> AuthorityMessages.decodeIdentifiers(b == null ? new byte[] {(byte) 0x80} : b));
  }

  /**
   * @param member the identifier
   * @return a future with the member's entry
   */
  public Future<AuthorityMessages.MemberEntry> member(Identifier member) {
    return call(Authority.DIRECT_AUTHENTICATOR, Method.GET, "/" + member, null).map(b -> AuthorityMessages.MemberEntry.decode(orEmpty(b)));
  }

  /**
   * @param member the identifier
   * @return a future completed when deleted
   */
  public Future<Void> deleteMember(Identifier member) {
    return call(Authority.DIRECT_AUTHENTICATOR, Method.DELETE, "/" + member, null).mapEmpty();
  }

  /** @return a future completed when every member the caller may delete is deleted */
  public Future<Void> deleteAllMembers() {
    return call(Authority.DIRECT_AUTHENTICATOR, Method.DELETE, "/members", null).mapEmpty();
  }

  /** @return a future completed when the channel is closed */
  public Future<Void> close() {
    return channels.close(channel.encryptor()).otherwiseEmpty();
  }

  private static byte[] orEmpty(byte[] b) {
    return b == null ? new byte[0] : b;
  }

  private static byte[] orEmptyMap(byte[] b) {
    return b == null ? new byte[] {(byte) 0xa0} : b;
  }

  private Future<byte[]> call(String service, Method method, String path, byte[] body) {
    Request req = Request.of(method, path, body);
    return node.context().sendAndReceive(Route.of(channel.encryptor(), Address.local(service)), req.toPayload(), timeout)
      .compose(reply -> {
        Response r;
        try {
          r = Response.fromPayload(reply.payload());
        } catch (DecodeException e) {
          return Future.failedFuture(e);
        }
        if (!r.isOk()) {
          String m;
          try {
            ApiError e = r.error();
            m = e == null ? r.status().toString() : e.message();
          } catch (RuntimeException e) {
            m = r.status().toString();
          }
          return Future.failedFuture(new AuthorityException(r.status(), m));
        }
        return Future.succeededFuture(r.body());
      });
  }
}
