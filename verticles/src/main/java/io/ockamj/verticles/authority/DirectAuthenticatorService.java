package io.ockamj.verticles.authority;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.protocol.api.Method;
import io.ockamj.protocol.api.Request;
import io.ockamj.protocol.api.RequestHeader;
import io.ockamj.protocol.api.Response;
import io.ockamj.protocol.api.Status;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.store.AuthorityMemberRecord;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code direct_authenticator} (§6.9): enrollers add, list, show and delete members. Making or
 * deleting an enroller needs an admin; pre-trusted members cannot be deleted. Paths and answers as
 * Rust's {@code DirectAuthenticatorWorker}.
 */
final class DirectAuthenticatorService extends AuthorityService {

  private static final System.Logger LOG = System.getLogger(DirectAuthenticatorService.class.getName());

  private final Authority authority;

  DirectAuthenticatorService(Authority authority) {
    this.authority = authority;
  }

  @Override
  String name() {
    return Authority.DIRECT_AUTHENTICATOR;
  }

  @Override
  Future<Response> handle(Identifier caller, Request request) {
    RequestHeader h = request.header();
    String[] seg = h.segments();
    Method m = h.method();
    boolean root = seg.length == 0 || (seg.length == 1 && seg[0].isEmpty());
    boolean members = seg.length == 1 && seg[0].equals("members");
    if (m == Method.POST && (root || members)) {
      return add(caller, h, AuthorityMessages.AddMember.decode(request.body() == null ? new byte[0] : request.body()));
    }
    if (m == Method.GET && seg.length == 1 && seg[0].equals("member_ids")) {
      return list(caller, h, true);
    }
    if (m == Method.GET && (root || members)) {
      return list(caller, h, false);
    }
    if (m == Method.DELETE && members) {
      return deleteAll(caller, h);
    }
    String id = seg.length == 1 ? seg[0] : seg.length == 2 && seg[0].equals("members") ? seg[1] : null;
    if (id != null && (m == Method.GET || m == Method.DELETE)) {
      Identifier target;
      try {
        target = Identifier.parse(id);
      } catch (RuntimeException e) {
        throw new DecodeException("invalid identifier " + id);
      }
      return m == Method.GET ? show(caller, h, target) : delete(caller, h, target);
    }
    return Future.succeededFuture(Response.error(h, Status.NOT_FOUND, "unknown path " + h.path()));
  }

  private Future<Response> add(Identifier caller, RequestHeader h, AuthorityMessages.AddMember add) {
    return authority.check(caller).compose(c -> {
      if (!c.enroller()) {
        LOG.log(System.Logger.Level.WARNING, caller + " is trying to add member " + add.member() + " but is not an enroller");
        return Future.succeededFuture(forbidden(h, "Non-enroller " + caller + " is trying to add a member " + add.member()));
      }
      if (Authority.ENROLLER.equals(add.attributes().get(Authority.ROLE_KEY)) && !c.admin()) {
        return Future.succeededFuture(forbidden(h, "Not pre trusted enroller is trying to create an enroller"));
      }
      AuthorityMemberRecord r = new AuthorityMemberRecord(add.member().toString(), caller.toString(),
        Instant.ofEpochSecond(authority.now()), false, AuthorityMessages.encodeStoredAttributes(add.attributes()));
      return authority.store().authorityMembers().add(r).map(v -> {
        LOG.log(System.Logger.Level.INFO, "member " + add.member() + " added by " + caller + " with " + add.attributes());
        return Response.ok(h, null);
      });
    });
  }

  private Future<Response> list(Identifier caller, RequestHeader h, boolean idsOnly) {
    return authority.check(caller).compose(c -> {
      if (!c.enroller()) {
        return Future.succeededFuture(forbidden(h, "Non-enroller is trying to list members"));
      }
      return authority.store().authorityMembers().list().map(all -> {
        if (idsOnly) {
          List<Identifier> ids = new ArrayList<>();
          all.forEach(r -> ids.add(Identifier.parse(r.identifier())));
          return Response.ok(h, AuthorityMessages.encodeIdentifiers(ids));
        }
        Map<Identifier, AuthorityMessages.MemberEntry> out = new LinkedHashMap<>();
        all.forEach(r -> out.put(Identifier.parse(r.identifier()), entry(r)));
        return Response.ok(h, AuthorityMessages.encodeMembers(out));
      });
    });
  }

  static AuthorityMessages.MemberEntry entry(AuthorityMemberRecord r) {
    return new AuthorityMessages.MemberEntry(AuthorityMessages.decodeStoredAttributes(r.attributes()),
      r.addedAt().getEpochSecond(), null, Identifier.parse(r.addedBy()));
  }

  private Future<Response> show(Identifier caller, RequestHeader h, Identifier target) {
    return authority.check(caller).compose(c -> {
      if (!c.enroller()) {
        return Future.succeededFuture(forbidden(h, "Non-enroller is trying to retrieve a member"));
      }
      return authority.store().authorityMembers().get(target.toString()).map(found -> found
        .map(r -> Response.ok(h, entry(r).encode()))
        .orElseGet(() -> forbidden(h, "Member " + target + " not found")));
    });
  }

  private Future<Response> delete(Identifier caller, RequestHeader h, Identifier target) {
    return authority.check(caller).compose(c -> {
      if (!c.enroller()) {
        return Future.succeededFuture(forbidden(h, "Non-enroller is trying to delete a member"));
      }
      return authority.check(target).compose(t -> {
        if (t.preTrusted()) {
          return Future.succeededFuture(forbidden(h, "Enroller is trying to delete a pre trusted identity"));
        }
        if (t.enroller() && !c.admin()) {
          return Future.succeededFuture(forbidden(h, "Not admin is trying to delete an enroller"));
        }
        return authority.store().authorityMembers().delete(target.toString()).compose(deleted -> {
          LOG.log(System.Logger.Level.INFO, "member " + target + " deleted by " + caller);
          if (!deleted) {
            return Future.succeededFuture(Response.ok(h, null));
          }
          // ours: the member's credentials stop counting at once on every subscribed node; the
          // deletion stands even if the notice cannot be made (it is logged), as in Rust
          return authority.revoke(target).<Void>mapEmpty().recover(err -> {
            LOG.log(System.Logger.Level.WARNING, "member " + target + " deleted, but no revocation notice was made: " + err.getMessage());
            return Future.succeededFuture();
          }).map(v -> Response.ok(h, null));
        });
      });
    });
  }

  private Future<Response> deleteAll(Identifier caller, RequestHeader h) {
    return authority.check(caller).compose(c -> {
      if (!c.enroller()) {
        return Future.succeededFuture(forbidden(h, "Non-enroller is trying to list members"));
      }
      return authority.store().authorityMembers().list().compose(all -> {
        Future<Void> chain = Future.succeededFuture();
        for (AuthorityMemberRecord r : all) {
          if (r.identifier().equals(caller.toString())) {
            continue;
          }
          Identifier target = Identifier.parse(r.identifier());
          // each one under the rules of a single delete; refusals are skipped, as in Rust
          chain = chain.compose(v -> delete(caller, h, target).mapEmpty());
        }
        return chain.map(v -> Response.ok(h, null));
      });
    });
  }
}
