package io.ockamj.verticles.relay;

import io.ockamj.verticles.relay.RelaySession.State;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The state of a {@link RelaySession} as others see it: the current state and relay, the futures
 * waiting for a state, and the state handler, each told after the step that changed the state.
 * Readable from any thread; changed on the session's context.
 */
final class RelayStateWaiters {

  private static final System.Logger LOG = System.getLogger(RelaySession.class.getName());

  private record Waiter(State target, Promise<RemoteRelayInfo> promise) {
  }

  private final List<Waiter> waiters = new ArrayList<>();
  private final Supplier<RelayException> closedException;
  private volatile Handler<State> handler;
  private volatile State state = State.RECONNECTING;

  RelayStateWaiters(Supplier<RelayException> closedException) {
    this.closedException = closedException;
  }

  State state() {
    return state;
  }

  void handler(Handler<State> h) {
    this.handler = h;
  }

  /** A future of the relay when the state is (or next becomes) {@code target}; fails on close. */
  Future<RemoteRelayInfo> waitFor(State target, Supplier<RemoteRelayInfo> relay) {
    Promise<RemoteRelayInfo> p = Promise.promise();
    synchronized (waiters) {
      State s = state;
      if (s == target) {
        return Future.succeededFuture(relay.get());
      }
      if (s == State.CLOSED) {
        return Future.failedFuture(closedException.get());
      }
      waiters.add(new Waiter(target, p));
    }
    return p.future();
  }

  /**
   * Moves to a state and, later on {@code vctx}, tells the handler and completes the waiters
   * (waiters for another state fail when the state is {@link State#CLOSED}).
   *
   * @param info the relay to give the waiters
   */
  void set(State next, RemoteRelayInfo info, Context vctx) {
    if (state == next) {
      return;
    }
    List<Waiter> ready = new ArrayList<>();
    synchronized (waiters) {
      state = next;
      waiters.removeIf(w -> {
        if (w.target == next || next == State.CLOSED) {
          ready.add(w);
          return true;
        }
        return false;
      });
    }
    Handler<State> h = handler;
    // reported after the current step, so that handlers may call back into the session
    vctx.runOnContext(v -> {
      if (h != null) {
        try {
          h.handle(next);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "relay session state handler failed: " + e);
        }
      }
      for (Waiter w : ready) {
        if (w.target == next) {
          w.promise.tryComplete(info);
        } else {
          w.promise.tryFail(closedException.get());
        }
      }
    });
  }
}
