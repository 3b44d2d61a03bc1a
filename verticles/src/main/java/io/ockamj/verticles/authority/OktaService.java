package io.ockamj.verticles.authority;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.NodeContext;
import io.ockamj.protocol.api.Method;
import io.ockamj.protocol.api.Request;
import io.ockamj.protocol.api.RequestHeader;
import io.ockamj.protocol.api.Response;
import io.ockamj.protocol.api.Status;
import io.ockamj.store.AuthorityMemberRecord;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code okta} (Rust's {@code okta::Server}): {@code POST v0/enroll} with an {@link OidcToken} makes
 * the caller a member whose attributes are the configured claims the Okta tenant returns for that
 * token; the member is recorded as added by itself at this time, not pre-trusted, replacing any
 * earlier entry (as Rust's {@code add_member}). A token the tenant does not vouch for, or a tenant
 * that cannot be reached over the pinned TLS, is answered {@code 403} with the reason, logged and
 * counted ({@link #refusals()}); an unusable userinfo answer is a {@code 500}.
 */
final class OktaService extends AuthorityService {

  private static final System.Logger LOG = System.getLogger(OktaService.class.getName());

  private final Authority authority;
  private final OktaOptions options;
  private final LongAdder refused = new LongAdder();
  private OktaUserInfo userInfo;

  OktaService(Authority authority, OktaOptions options) {
    this.authority = authority;
    this.options = options;
  }

  @Override
  String name() {
    return OktaOptions.ADDRESS;
  }

  @Override
  Status noChannelStatus() {
    return Status.FORBIDDEN;
  }

  @Override
  public Future<Void> initialize(NodeContext context) {
    userInfo = new OktaUserInfo(context.vertx(), options);
    LOG.log(System.Logger.Level.INFO, "okta: members enroll with tokens of " + options.tenantBaseUrl()
      + ", attributes " + options.attributes());
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> shutdown(NodeContext context) {
    return userInfo == null ? Future.succeededFuture() : userInfo.close();
  }

  /** @return how many enrollments were refused */
  long refusals() {
    return refused.sum();
  }

  @Override
  Future<Response> handle(Identifier caller, Request request) {
    RequestHeader h = request.header();
    if (h.method() != Method.POST) {
      return Future.succeededFuture(Response.error(h, Status.METHOD_NOT_ALLOWED, "invalid method"));
    }
    if (!Arrays.equals(h.segments(), new String[] {"v0", "enroll"})) {
      return Future.succeededFuture(Response.error(h, Status.BAD_REQUEST, "unknown path"));
    }
    OidcToken token = OidcToken.decode(request.body() == null ? new byte[0] : request.body());
    return userInfo.attributes(token)
      .compose(attrs -> enroll(caller, h, attrs))
      .recover(err -> err instanceof OktaException o ? Future.succeededFuture(refuse(caller, h, o)) : Future.failedFuture(err));
  }

  private Future<Response> enroll(Identifier caller, RequestHeader h, Map<String, String> attrs) {
    AuthorityMemberRecord member = new AuthorityMemberRecord(caller.toString(), caller.toString(),
      Instant.ofEpochSecond(authority.now()), false, AuthorityMessages.encodeStoredAttributes(attrs));
    return authority.store().authorityMembers().add(member).map(v -> {
      LOG.log(System.Logger.Level.INFO, "okta: member " + caller + " enrolled with attributes " + attrs.keySet());
      return Response.ok(h, null);
    });
  }

  private Response refuse(Identifier caller, RequestHeader h, OktaException e) {
    refused.increment();
    LOG.log(System.Logger.Level.WARNING, "okta: refused to enroll " + caller + " (" + e.kind() + "): " + e.getMessage());
    return switch (e.kind()) {
      case REFUSED, BAD_TOKEN -> forbidden(h, "Forbidden: " + e.getMessage());
      case UNREACHABLE -> forbidden(h, "Forbidden: the Okta tenant could not be reached or did not prove itself with"
        + " the configured certificate");
      case BAD_BODY -> Response.error(h, Status.INTERNAL_SERVER_ERROR, "Failed to authenticate with Okta: " + e.getMessage());
      case BUSY -> Response.error(h, Status.INTERNAL_SERVER_ERROR, "Failed to authenticate with Okta: " + e.getMessage());
    };
  }
}
