package io.ockamj.verticles.authority;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.DropReason;
import io.ockamj.node.NodeContext;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.protocol.LocalInfo;
import io.ockamj.protocol.api.Request;
import io.ockamj.protocol.api.RequestHeader;
import io.ockamj.protocol.api.Response;
import io.ockamj.protocol.api.Status;
import io.ockamj.protocol.bare.BareReader;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.verticles.channel.SecureChannels;
import io.vertx.core.Future;

/**
 * Common part of the authority's services: each request must come out of a secure channel (the
 * caller is the channel's verified peer), else it is answered {@code 400 "secure channel required"}
 * as Rust does ({@code 403} for the Okta service, as Rust's); a malformed request is dropped and counted; a failure becomes an error response.
 */
abstract class AuthorityService implements Worker {

  private static final System.Logger LOG = System.getLogger(AuthorityService.class.getName());

  /** The service name, for logs. */
  abstract String name();

  /**
   * @param caller the verified peer of the secure channel the request came through
   * @param request the request
   * @return the response
   */
  abstract Future<Response> handle(Identifier caller, Request request);

  /** @return the status of the answer to a request that did not come through a secure channel */
  Status noChannelStatus() {
    return Status.BAD_REQUEST;
  }

  @Override
  public final Future<Void> handleMessage(NodeContext context, Routed message) {
    Request request;
    try {
      request = Request.fromPayload(message.payload());
    } catch (DecodeException e) {
      context.node().drops().record(DropReason.MALFORMED, message.sourceAddress(), name() + ": malformed request: " + e.getMessage());
      return Future.succeededFuture();
    }
    RequestHeader h = request.header();
    Identifier caller = caller(message);
    Future<Response> answer;
    if (caller == null) {
      context.node().drops().record(DropReason.DENIED_INCOMING, message.sourceAddress(), name() + ": request without a secure channel");
      answer = Future.succeededFuture(Response.error(h, noChannelStatus(), "secure channel required"));
    } else {
      try {
        answer = handle(caller, request);
      } catch (DecodeException | IllegalArgumentException e) {
        answer = Future.succeededFuture(Response.error(h, Status.BAD_REQUEST, e.getMessage()));
      } catch (RuntimeException e) {
        answer = Future.failedFuture(e);
      }
    }
    answer.recover(err -> {
      if (err instanceof DecodeException || err instanceof IllegalArgumentException) {
        return Future.succeededFuture(Response.error(h, Status.BAD_REQUEST, err.getMessage()));
      }
      LOG.log(System.Logger.Level.WARNING, name() + " failed on " + h.path() + ": " + err);
      return Future.succeededFuture(Response.error(h, Status.INTERNAL_SERVER_ERROR, name() + " failed: " + err.getMessage()));
    }).compose(r -> context.send(message.returnRoute(), r.toPayload(), message.messageAddress()))
      .onFailure(err -> LOG.log(System.Logger.Level.DEBUG, () -> name() + " could not answer: " + err.getMessage()));
    return Future.succeededFuture();
  }

  private static Identifier caller(Routed message) {
    LocalInfo info = message.message().findLocalInfo(SecureChannels.IDENTITY_LOCAL_INFO);
    if (info == null) {
      return null;
    }
    try {
      return Identifier.parse(BareReader.decodeString(info.data(), 200));
    } catch (RuntimeException e) {
      return null;
    }
  }

  static Response forbidden(RequestHeader h, String message) {
    return Response.error(h, Status.FORBIDDEN, message);
  }
}
