package io.ockamj.verticles.revocation;

import io.ockamj.crypto.VerifyingVault;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.crypto.identity.IdentityException;
import io.ockamj.crypto.identity.RevocationNotice;
import io.ockamj.node.DropReason;
import io.ockamj.node.NodeContext;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.node.spi.CryptoWorkers;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.store.RevocationRecord;
import io.ockamj.store.RevocationRepository;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A node's subscription to its authority's revocation service (ours). It asks for the notices after
 * the last one it applied when it starts, every {@code renewEvery} (which also re-opens a lost
 * channel and catches up on a missed push) and whenever it sees a gap in the numbers; it verifies
 * each notice against the authority identity, applies them strictly in order, stores them, and
 * hands them to {@link Revocations}, whose listeners close the subject's channels and connections.
 */
public final class RevocationSubscriber implements Worker {

  private static final System.Logger LOG = System.getLogger(RevocationSubscriber.class.getName());
  /** Notices ahead of a gap kept while the gap is asked for again. */
  private static final int MAX_PENDING = 1024;

  private final Identity authority;
  private final Supplier<Future<Route>> serviceRoute;
  private final RevocationRepository repository;
  private final Revocations revocations;
  private final Duration renewEvery;
  private final TreeMap<Long, RevocationNotice> pending = new TreeMap<>();
  private NodeContext context;
  /** The worker's own Vert.x context: all state changes happen on it. */
  private io.vertx.core.Context own;
  private long lastApplied;
  private long timer = -1;
  private int failures;
  private boolean stopped;
  private volatile long subscriptions;

  /**
   * @param authority the authority whose notices are honoured
   * @param serviceRoute opens (or reuses) a secure channel to the authority and gives the route to
   *                     its revocation service through it
   * @param repository where applied notices are kept
   * @param revocations the node's revocations
   * @param renewEvery how often the subscription is renewed
   */
  public RevocationSubscriber(Identity authority, Supplier<Future<Route>> serviceRoute, RevocationRepository repository,
                              Revocations revocations, Duration renewEvery) {
    this.authority = Objects.requireNonNull(authority, "authority");
    this.serviceRoute = Objects.requireNonNull(serviceRoute, "serviceRoute");
    this.repository = Objects.requireNonNull(repository, "repository");
    this.revocations = Objects.requireNonNull(revocations, "revocations");
    if (renewEvery.isNegative() || renewEvery.isZero()) {
      throw new IllegalArgumentException("renewEvery must be positive");
    }
    this.renewEvery = renewEvery;
  }

  @Override
  public Future<Void> initialize(NodeContext context) {
    this.context = context;
    this.own = io.vertx.core.Vertx.currentContext();
    if (own == null) {
      own = context.vertx().getOrCreateContext();
    }
    return revocations.load(repository, authority.identifier()).map(last -> {
      lastApplied = last;
      subscribe();
      return null;
    });
  }

  private void subscribe() {
    if (stopped) {
      return;
    }
    cancelTimer();
    long after = lastApplied;
    serviceRoute.get()
      .compose(route -> {
        context.node().flowControls().addConsumerOfNextHop(context.address(), route);
        return context.send(route, new RevocationMessage.Subscribe(after).encode());
      })
      .onComplete(ar -> onOwn(() -> {
        if (stopped) {
          return;
        }
        long delay;
        if (ar.succeeded()) {
          failures = 0;
          subscriptions++;
          delay = renewEvery.toMillis();
        } else {
          failures++;
          delay = Math.min(renewEvery.toMillis(), 250L << Math.min(failures, 6));
          LOG.log(failures == 1 ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG, "cannot subscribe to the revocations of "
            + authority.identifier() + " (attempt " + failures + ", again in " + delay + " ms): " + ar.cause().getMessage());
        }
        timer = context.vertx().setTimer(Math.max(1, delay), id -> onOwn(() -> {
          timer = -1;
          subscribe();
        }));
      }));
  }

  private void onOwn(Runnable action) {
    if (io.vertx.core.Vertx.currentContext() == own) {
      action.run();
    } else {
      own.runOnContext(v -> action.run());
    }
  }

  private <T> Future<T> composeOnOwn(java.util.function.Supplier<Future<T>> action) {
    io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
    Runnable run = () -> action.get().onComplete(p);
    onOwn(run);
    return p.future();
  }

  @Override
  public Future<Void> handleMessage(NodeContext context, Routed message) {
    byte[] bytes;
    try {
      RevocationMessage m = RevocationMessage.decode(message.payload());
      if (!(m instanceof RevocationMessage.Notice n)) {
        throw new DecodeException("a subscriber takes notices only");
      }
      bytes = n.notice();
    } catch (DecodeException e) {
      context.node().drops().record(DropReason.MALFORMED, message.sourceAddress(), "revocation subscriber: " + e.getMessage());
      return Future.succeededFuture();
    }
    return CryptoWorkers.of(context.vertx()).run(() -> RevocationNotice.decode(bytes).verify(authority, VerifyingVault.software()))
      .compose(n -> composeOnOwn(() -> accept(n)), err -> {
        String why = err instanceof IdentityException ie ? ie.rule() + ": " + ie.getMessage() : String.valueOf(err.getMessage());
        context.node().drops().record(DropReason.MALFORMED, message.sourceAddress(), "revocation notice refused: " + why);
        return Future.succeededFuture();
      });
  }

  private Future<Void> accept(RevocationNotice notice) {
    if (notice.seq() <= lastApplied) {
      return Future.succeededFuture();
    }
    if (pending.size() < MAX_PENDING || notice.seq() < pending.lastKey()) {
      pending.put(notice.seq(), notice);
      if (pending.size() > MAX_PENDING) {
        pending.pollLastEntry();
      }
    }
    return drain().onSuccess(v -> {
      if (!pending.isEmpty()) {
        // a gap: ask for what follows the last applied notice
        LOG.log(System.Logger.Level.DEBUG, () -> "revocation notices of " + authority.identifier() + ": have " + lastApplied
          + ", got " + pending.firstKey() + "; asking again");
        subscribe();
      }
    });
  }

  private Future<Void> drain() {
    Map.Entry<Long, RevocationNotice> first = pending.firstEntry();
    if (first == null || first.getKey() != lastApplied + 1) {
      return Future.succeededFuture();
    }
    pending.pollFirstEntry();
    RevocationNotice n = first.getValue();
    return repository.append(new RevocationRecord(authority.identifier().toString(), n.seq(), n.subject().toString(),
        n.revokedAt(), n.bytes()))
      .compose(fresh -> {
        lastApplied = n.seq();
        revocations.apply(n);
        return drain();
      });
  }

  private void cancelTimer() {
    if (timer >= 0) {
      context.vertx().cancelTimer(timer);
      timer = -1;
    }
  }

  @Override
  public Future<Void> shutdown(NodeContext context) {
    stopped = true;
    cancelTimer();
    return Future.succeededFuture();
  }

  /** @return the number of the last notice applied */
  public long lastApplied() {
    return lastApplied;
  }

  /** @return how many subscriptions (and renewals) were sent */
  public long subscriptions() {
    return subscriptions;
  }
}
