package io.ockamj.verticles.authority;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.protocol.api.Method;
import io.ockamj.protocol.api.Request;
import io.ockamj.protocol.api.RequestHeader;
import io.ockamj.protocol.api.Response;
import io.ockamj.protocol.api.Status;
import io.ockamj.store.EnrollmentTokenRecord;
import io.vertx.core.Future;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * {@code enrollment_token_issuer} and {@code enrollment_token_acceptor} (§6.8).
 */
final class EnrollmentTokenServices {

  private static final System.Logger LOG = System.getLogger(EnrollmentTokenServices.class.getName());
  private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private EnrollmentTokenServices() {
  }

  private static boolean rootOr(RequestHeader h, String alt) {
    String p = h.path();
    return h.method() == Method.POST && (p.isEmpty() || p.equals("/") || p.equals(alt));
  }

  /** Issues one-time codes to enrollers: {@code POST /} or {@code /tokens} with a {@code CreateToken}. */
  static final class Issuer extends AuthorityService {
    private final Authority authority;

    Issuer(Authority authority) {
      this.authority = authority;
    }

    @Override
    String name() {
      return Authority.TOKEN_ISSUER;
    }

    @Override
    Future<Response> handle(Identifier caller, Request request) {
      RequestHeader h = request.header();
      if (!rootOr(h, "/tokens")) {
        return Future.succeededFuture(Response.error(h, Status.NOT_FOUND, "unknown path " + h.path()));
      }
      AuthorityMessages.CreateToken create = AuthorityMessages.CreateToken.decode(request.body() == null ? new byte[0] : request.body());
      return authority.check(caller).compose(c -> {
        if (!c.enroller()) {
          LOG.log(System.Logger.Level.WARNING, "non-enroller " + caller + " is trying to issue an enrollment token");
          return Future.succeededFuture(forbidden(h, "Non-enroller is trying to issue an enrollment token"));
        }
        if (Authority.ENROLLER.equals(create.attributes().get(Authority.ROLE_KEY)) && !c.admin()) {
          return Future.succeededFuture(forbidden(h, "Not admin is trying to issue an enrollment token for an enroller"));
        }
        OneTimeCode code = OneTimeCode.random();
        StringBuilder reference = new StringBuilder();
        for (int i = 0; i < 10; i++) {
          reference.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        long now = authority.now();
        long ttl = create.ttlSeconds() != null ? create.ttlSeconds() : AuthorityOptions.DEFAULT_TOKEN_TTL.getSeconds();
        long count = create.ttlCount() != null ? create.ttlCount() : 1;
        if (ttl > Long.MAX_VALUE / 4 - now) {
          ttl = Long.MAX_VALUE / 4 - now;
        }
        EnrollmentTokenRecord token = new EnrollmentTokenRecord(code.hex(), reference.toString(), caller.toString(),
          Instant.ofEpochSecond(now), Instant.ofEpochSecond(now + ttl), Math.min(count, Long.MAX_VALUE / 4),
          AuthorityMessages.encodeStoredAttributes(create.attributes()));
        return authority.store().enrollmentTokens().deleteExpiredBefore(Instant.ofEpochSecond(now - 86_400))
          .compose(v -> authority.store().enrollmentTokens().store(token))
          .map(v -> {
            LOG.log(System.Logger.Level.INFO, "issued an enrollment token: uses " + token.ttlCount() + ", expires at "
              + token.expiresAt() + ", reference " + token.reference());
            return Response.ok(h, code.encode());
          });
      });
    }
  }

  /** Accepts one-time codes: {@code POST /} or {@code /credential} with a {@code OneTimeCode}. */
  static final class Acceptor extends AuthorityService {
    private final Authority authority;

    Acceptor(Authority authority) {
      this.authority = authority;
    }

    @Override
    String name() {
      return Authority.TOKEN_ACCEPTOR;
    }

    @Override
    Future<Response> handle(Identifier caller, Request request) {
      RequestHeader h = request.header();
      if (!rootOr(h, "/credential")) {
        return Future.succeededFuture(Response.error(h, Status.NOT_FOUND, "unknown path " + h.path()));
      }
      OneTimeCode code = OneTimeCode.decode(request.body() == null ? new byte[0] : request.body());
      return authority.store().enrollmentTokens().accept(code.hex(), caller.toString(), Instant.ofEpochSecond(authority.now()))
        .map(a -> {
          String reference = a.token().map(EnrollmentTokenRecord::reference).orElse("NONE");
          switch (a.outcome()) {
            case ACCEPTED:
              LOG.log(System.Logger.Level.INFO, "accepted an enrollment token from " + caller + ", reference " + reference);
              return Response.ok(h, null);
            case ALREADY_MEMBER:
              return forbidden(h, "Already a member");
            case EXPIRED:
              LOG.log(System.Logger.Level.WARNING, "expired enrollment token (reference " + reference + ") from " + caller);
              return forbidden(h, "Unknown enrollment token: it expired");
            case USED_UP:
              LOG.log(System.Logger.Level.WARNING, "used-up enrollment token (reference " + reference + ") from " + caller);
              return forbidden(h, "Unknown enrollment token: it was already used as many times as it allows");
            default:
              LOG.log(System.Logger.Level.WARNING, "unknown enrollment token from " + caller);
              return forbidden(h, "Unknown enrollment token");
          }
        });
    }
  }
}
