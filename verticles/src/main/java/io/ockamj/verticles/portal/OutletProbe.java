package io.ockamj.verticles.portal;

import io.ockamj.node.AccessControls;
import io.ockamj.node.Mailbox;
import io.ockamj.node.NodeContext;
import io.ockamj.node.NodeException;
import io.ockamj.node.Routed;
import io.ockamj.node.WorkerOptions;
import io.ockamj.node.spi.NodeInternal;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.PortalMessage;
import io.ockamj.protocol.Route;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One probe of an outlet ({@link Portals#probeOutlet}): the start and the end of a portal connection
 * without a client. The temporary address that sends the Ping receives the answer, ends the outlet's
 * side of the connection the way an inlet whose client left would, and stays a little longer so that
 * a Disconnect the outlet sent meanwhile (its target closed first) is taken, not dropped.
 */
final class OutletProbe {

  private static final System.Logger LOG = System.getLogger(OutletProbe.class.getName());

  /** The outlet sends at most one Disconnect back; a few more are taken, then the address goes. */
  private static final int MAX_LATE_MESSAGES = 4;

  private OutletProbe() {
  }

  /**
   * @param node the node
   * @param outletRoute the route to the outlet listener
   * @param timeout how long to wait for Pong or Disconnect
   * @param settings the half-close behaviour and its timeout (how long the address stays after the end)
   * @return completed when the outlet answered, failed with a TIMEOUT when it did not
   */
  static Future<Void> probe(NodeInternal node, Route outletRoute, Duration timeout, PortalSettings settings) {
    return node.resolve(outletRoute).compose(route -> {
      Address tmp = Address.randomLocal();
      // the Ping leaves through the route's first hop; the Disconnects through the Pong's return route
      Set<Address> onward = ConcurrentHashMap.newKeySet();
      onward.add(route.next());
      WorkerOptions opts = new WorkerOptions().addMailbox(new Mailbox(tmp, AccessControls.ALLOW_ALL_INCOMING,
        m -> AccessControls.decision(!m.message().onwardRoute().isEmpty() && onward.contains(m.message().onwardRoute().next()))));
      return node.context(opts).compose(ctx -> {
        // the answer comes back through the channel or connection the Ping enters
        node.flowControls().addConsumerOfNextHop(tmp, route);
        Future<Routed> answer = ctx.send(route, PortalMessage.PING.encode()).compose(v -> ctx.receive(timeout));
        return answer.transform(ar -> {
          if (ar.failed()) {
            ctx.close();
            return Future.failedFuture(ar.cause());
          }
          Routed reply = ar.result();
          byte[] bytes = reply.payload();
          if (bytes.length == 1 && bytes[0] == PortalMessage.TAG_PONG && !reply.returnRoute().isEmpty()) {
            end(ctx, reply.returnRoute(), onward, settings);
          } else {
            // Disconnect: the outlet answered but could not reach its target; nothing is open there
            ctx.close();
          }
          return Future.succeededFuture();
        });
      });
    });
  }

  /**
   * Ends the outlet's side the way an inlet whose client shut down its output would, without crossing
   * the outlet's own Disconnect (a Disconnect that reaches an outlet side already closed is dropped
   * there as NO_SUCH_ADDRESS):
   * <ol>
   * <li>one Disconnect: "input ended". An outlet without half-close (or a Rust one) closes on it. A
   * half-closing outlet shuts down its target's output and answers with its own Disconnect when the
   * target closes in turn, or when its half-close timeout passes without progress; then it closes.</li>
   * <li>with half-close, the probe waits for that answer one and a half times its own half-close
   * timeout (so an outlet with the default timeout answers first); only without an answer does it send
   * the second Disconnect, "gone", on which the outlet closes at once.</li>
   * <li>the address then stays a little longer to take a Disconnect that crossed the second one.</li>
   * </ol>
   */
  private static void end(NodeContext ctx, Route outletSide, Set<Address> onward, PortalSettings settings) {
    onward.add(outletSide.next());
    Duration quiet = Duration.ofMillis(settings.halfCloseTimeoutMs());
    Duration answerWait = Duration.ofMillis(settings.halfCloseTimeoutMs() * 3L / 2);
    ctx.send(outletSide, PortalMessage.DISCONNECT.encode())
      .compose(v -> settings.halfClose() ? ctx.receive(answerWait).transform(ar -> {
        if (ar.succeeded()) {
          LOG.log(System.Logger.Level.DEBUG, () -> "probe " + ctx.address() + ": the outlet's side ended too");
          return Future.<Void>succeededFuture();
        }
        if (!(ar.cause() instanceof NodeException ne && ne.kind() == NodeException.Kind.TIMEOUT)) {
          return Future.<Void>failedFuture(ar.cause());
        }
        // the target keeps its side open and the outlet waits longer than we do: "gone"
        return ctx.send(outletSide, PortalMessage.DISCONNECT.encode()).compose(x -> linger(ctx, quiet, MAX_LATE_MESSAGES));
      }) : linger(ctx, quiet, MAX_LATE_MESSAGES))
      .onFailure(err -> LOG.log(System.Logger.Level.DEBUG, () -> "probe " + ctx.address() + ": cannot end the outlet's side at "
        + outletSide + ": " + err.getMessage()))
      .onComplete(ar -> ctx.close());
  }

  /** Takes (and discards) the outlet's Disconnects until none arrives for {@code quiet}, at most {@code left}. */
  private static Future<Void> linger(NodeContext ctx, Duration quiet, int left) {
    if (left == 0) {
      return Future.succeededFuture();
    }
    return ctx.receive(quiet).transform(ar -> {
      if (ar.failed()) {
        return ar.cause() instanceof NodeException ne && ne.kind() == NodeException.Kind.TIMEOUT
          ? Future.succeededFuture() : Future.failedFuture(ar.cause());
      }
      LOG.log(System.Logger.Level.DEBUG, () -> "probe " + ctx.address() + ": the outlet's side ended too");
      return linger(ctx, quiet, left - 1);
    });
  }
}
