package io.ockamj.verticles.rendezvous;

import io.ockamj.node.NodeContext;
import io.ockamj.node.NodeException;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.protocol.rendezvous.RendezvousRequest;
import io.ockamj.protocol.rendezvous.RendezvousResponse;
import io.vertx.core.Future;

import java.time.Duration;

/**
 * A client of a rendezvous service, through a UDP bind (Rust's {@code RendezvousClient}): each request
 * waits {@link #QUICK_TIMEOUT} for its answer, UDP being unreliable.
 */
public final class RendezvousClient {

  /** How long a request waits for its answer (Rust's 3 s). */
  public static final Duration QUICK_TIMEOUT = Duration.ofSeconds(3);

  private final Route route;
  private final Duration timeout;

  /**
   * @param sender the UDP bind's sender address
   * @param rendezvousRoute the route from the bind to the service: {@code [2#host:port, rendezvous]},
   *   or {@code [rendezvous]} for a bind with a fixed peer
   */
  public RendezvousClient(Address sender, Route rendezvousRoute) {
    this(sender, rendezvousRoute, QUICK_TIMEOUT);
  }

  /**
   * @param sender the UDP bind's sender address
   * @param rendezvousRoute the route from the bind to the service
   * @param timeout how long each request waits
   */
  public RendezvousClient(Address sender, Route rendezvousRoute, Duration timeout) {
    this.route = rendezvousRoute.prepend(sender);
    this.timeout = timeout;
  }

  /**
   * Asks the service for the address this bind's datagrams come from.
   *
   * @param context the context to send from
   * @return the {@code ip:port}; failed with {@link NodeException} of kind {@code TIMEOUT} if no answer
   *   came, {@code PROTOCOL} for an answer that is not {@code MyAddress}
   */
  public Future<String> getMyAddress(NodeContext context) {
    return request(context, RendezvousRequest.GET_MY_ADDRESS).compose(r -> r instanceof RendezvousResponse.MyAddress m
      ? Future.succeededFuture(m.address())
      : Future.failedFuture(new NodeException(NodeException.Kind.PROTOCOL, "the rendezvous service answered " + r + " to GetMyAddress")));
  }

  /**
   * Pings the service.
   *
   * @param context the context to send from
   * @return a future completed when it answered; failed as {@link #getMyAddress}
   */
  public Future<Void> ping(NodeContext context) {
    return request(context, RendezvousRequest.PING).compose(r -> r instanceof RendezvousResponse.Pong
      ? Future.<Void>succeededFuture()
      : Future.failedFuture(new NodeException(NodeException.Kind.PROTOCOL, "the rendezvous service answered " + r + " to Ping")));
  }

  private Future<RendezvousResponse> request(NodeContext context, RendezvousRequest request) {
    return context.sendAndReceive(route, request.encode(), timeout).compose(reply -> {
      try {
        return Future.succeededFuture(RendezvousResponse.decode(reply.payload()));
      } catch (DecodeException e) {
        return Future.failedFuture(new NodeException(NodeException.Kind.PROTOCOL, "rendezvous response: " + e.getMessage(), e));
      }
    });
  }
}
