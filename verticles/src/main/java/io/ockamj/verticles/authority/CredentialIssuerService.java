package io.ockamj.verticles.authority;

import io.ockamj.crypto.identity.Attributes;
import io.ockamj.crypto.identity.Identifier;
import io.ockamj.protocol.api.Method;
import io.ockamj.protocol.api.Request;
import io.ockamj.protocol.api.RequestHeader;
import io.ockamj.protocol.api.Response;
import io.ockamj.protocol.api.Status;
import io.vertx.core.Future;

import java.util.Map;

/**
 * {@code credential_issuer} (§6.7): {@code POST /} or {@code POST /credential} answers a member
 * with a fresh credential: schema 1, {@code trust_context_id} (unless disabled), the member's
 * attributes; project admins get {@code ockam-relay=*} and {@code ockam-tls-certificate=true}.
 * Anyone else gets {@code 403 "unauthorized member"}.
 */
final class CredentialIssuerService extends AuthorityService {

  private static final System.Logger LOG = System.getLogger(CredentialIssuerService.class.getName());

  private final Authority authority;

  CredentialIssuerService(Authority authority) {
    this.authority = authority;
  }

  @Override
  String name() {
    return Authority.CREDENTIAL_ISSUER;
  }

  @Override
  Future<Response> handle(Identifier caller, Request request) {
    RequestHeader h = request.header();
    String path = h.path();
    if (h.method() != Method.POST || !(path.equals("/") || path.equals("/credential") || path.isEmpty())) {
      return Future.succeededFuture(Response.error(h, Status.NOT_FOUND, "unknown path " + path));
    }
    AuthorityOptions o = authority.options();
    Attributes.Builder attrs = Attributes.builder();
    if (!o.isDisableTrustContextId()) {
      attrs.put("trust_context_id", o.getProjectIdentifier());
    }
    if (authority.isProjectAdmin(caller)) {
      attrs.put("ockam-relay", "*");
      attrs.put("ockam-tls-certificate", "true");
      return issue(h, caller, attrs);
    }
    return authority.store().authorityMembers().get(caller.toString()).compose(member -> {
      if (member.isEmpty()) {
        LOG.log(System.Logger.Level.INFO, "refused a credential to " + caller + ": not a member");
        return Future.succeededFuture(AuthorityService.forbidden(h, "unauthorized member"));
      }
      for (Map.Entry<String, String> e : AuthorityMessages.decodeStoredAttributes(member.get().attributes()).entrySet()) {
        attrs.put(e.getKey(), e.getValue());
      }
      return issue(h, caller, attrs);
    });
  }

  private Future<Response> issue(RequestHeader h, Identifier caller, Attributes.Builder attrs) {
    return authority.identities().issueCredential(authority.identityName(), caller, attrs.build(), authority.options().getCredentialTtl())
      .map(c -> Response.ok(h, c.bytes()));
  }
}
