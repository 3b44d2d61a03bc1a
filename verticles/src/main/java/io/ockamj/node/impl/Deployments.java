package io.ockamj.node.impl;

import io.ockamj.node.Transport;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The node's workers and processors as Vert.x deployments: deploys them as top-level deployments,
 * undeploys them and keeps track of the undeployments under way, and takes them all down in order
 * when the node closes.
 */
final class Deployments {

  private final Vertx vertx;
  private final Router router;
  private final Consumer<Registration> unregister;
  // workers are deployed from this context so that they are top-level deployments: a verticle that
  // starts a worker (or opens a connection) must not take it down when it stops
  private final Context deployContext;
  // deployments and undeployments in progress, also those started by a worker itself, so that the
  // close can wait for them
  private final Set<Future<Void>> undeploying = ConcurrentHashMap.newKeySet();

  /**
   * @param vertx the node's Vert.x
   * @param router the node's address table
   * @param unregister releases a registration's addresses (and tells the node's listeners)
   */
  Deployments(Vertx vertx, Router router, Consumer<Registration> unregister) {
    this.vertx = vertx;
    this.router = router;
    this.unregister = unregister;
    this.deployContext = ((io.vertx.core.internal.VertxInternal) vertx).createEventLoopContext();
  }

  /**
   * Deploys the verticle of a registered worker or processor. If it was stopped while deploying, it
   * is undeployed as soon as it is up; {@link #stopAll()} waits for both.
   *
   * @param reg its registration, already in the router
   * @param verticle the verticle that runs it
   * @param options the deployment options
   * @param failed what to do when the deployment failed
   * @return a future completed when deployed
   */
  Future<Void> start(Registration reg, Deployable verticle, DeploymentOptions options, Consumer<Throwable> failed) {
    Promise<String> p = Promise.promise();
    // a worker stopped while its verticle deployed is undeployed as soon as it is up; the close waits
    // for deployments in progress and those undeployments, else Vert.x, closing after the node,
    // undeploys such a verticle a second time
    Future<Void> settled = p.future().transform(ar -> ar.succeeded() && reg.deployed(ar.result())
      ? vertx.undeploy(ar.result()).recover(err -> Future.succeededFuture())
      : Future.succeededFuture());
    undeploying.add(settled);
    settled.onComplete(ar -> undeploying.remove(settled));
    deployContext.runOnContext(v -> vertx.deployVerticle(verticle, options).onComplete(p));
    return p.future()
      .andThen((AsyncResult<String> ar) -> {
        if (ar.failed()) {
          failed.accept(ar.cause());
        }
      })
      .mapEmpty();
  }

  /**
   * Releases a registration's addresses and undeploys its verticle, if it was deployed.
   *
   * @param reg the registration
   * @return a future completed when undeployed; never fails
   */
  Future<Void> undeploy(Registration reg) {
    // tracked before the registration leaves the router: a close that no longer finds the registration
    // finds its undeployment (added after it, a close in between missed it, returned while it ran, and
    // Vert.x, closing next, undeployed the same verticle again: 'Already undeployed' at SEVERE)
    Promise<Void> done = Promise.promise();
    Future<Void> f = done.future();
    undeploying.add(f);
    f.onComplete(ar -> undeploying.remove(f));
    String id = reg.takeDeploymentId();
    unregister.accept(reg);
    if (id == null) {
      done.complete();
    } else {
      vertx.undeploy(id).recover(err -> Future.succeededFuture()).onComplete(done);
    }
    return f;
  }

  /**
   * Takes everything down, in order: 1. the application's workers, while connections are still
   * open, so that secure channels can tell their peers (Close) and portals can disconnect cleanly;
   * then (after the transport senders wrote what they were given, up to 500 ms) 2. the transports
   * and 3. whatever is left; and waits for the undeployments under way.
   *
   * @return a future completed when all is undeployed; never fails
   */
  Future<Void> stopAll() {
    List<Future<Void>> first = new ArrayList<>();
    Map<Registration, Boolean> seen = new IdentityHashMap<>();
    for (Registration r : router.registrations()) {
      if (!r.processor && !isTransportWorker(r) && seen.put(r, Boolean.TRUE) == null) {
        first.add(undeploy(r));
      }
    }
    return Future.join(first)
      .transform(ar -> whenTransportsIdle(System.currentTimeMillis() + 500))
      .transform(ar -> {
        List<Future<Void>> transportStops = new ArrayList<>();
        for (Transport t : router.transports()) {
          transportStops.add(t.close().recover(err -> Future.succeededFuture()));
        }
        return Future.join(transportStops);
      })
      .transform(done -> {
        List<Future<Void>> stops = new ArrayList<>();
        Map<Registration, Boolean> rest = new IdentityHashMap<>();
        for (Registration r : router.registrations()) {
          if (rest.put(r, Boolean.TRUE) == null) {
            stops.add(undeploy(r));
          }
        }
        return Future.join(stops);
      })
      .transform(ar -> settled(SETTLE_ROUNDS))
      .mapEmpty();
  }

  /** How many times {@link #settled} looks again for undeployments that began while it waited. */
  private static final int SETTLE_ROUNDS = 20;

  /** Completes when no undeployment is under way, also those that began while it waited. */
  private Future<Void> settled(int rounds) {
    List<Future<Void>> now = new ArrayList<>();
    for (Future<Void> f : undeploying) {
      if (!f.isComplete()) {
        now.add(f);
      }
    }
    if (now.isEmpty() || rounds == 0) {
      return Future.succeededFuture();
    }
    return Future.join(now).transform(ar -> settled(rounds - 1));
  }

  private static boolean isTransportWorker(Registration r) {
    return r.terminal && r.terminalAttribute != null && r.terminalAttribute.startsWith("tcp:");
  }

  /** Completes when the transport senders have written what they were given, or at the deadline. */
  private Future<Void> whenTransportsIdle(long deadline) {
    boolean busy = router.registrations().stream().anyMatch(r -> isTransportWorker(r) && r.pending.get() > 0);
    if (!busy || System.currentTimeMillis() >= deadline) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    vertx.setTimer(5, id -> whenTransportsIdle(deadline).onComplete(p));
    return p.future();
  }
}
