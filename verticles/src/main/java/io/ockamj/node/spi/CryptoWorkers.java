package io.ockamj.node.spi;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where private-key cryptography runs: a pool of worker verticles ({@link ThreadingModel#WORKER}) on
 * the named worker pool {@value #POOL}, one pool per Vert.x instance, reached through the event bus
 * and a {@link Future} API. Identity and purpose-key signatures, X25519 with static and ephemeral keys
 * (the Noise handshake), key generation and signature checks of change histories go through
 * {@link #run}; an event loop never runs them. PKCS#11 tokens, which may block for long, are called
 * the same way.
 * <p>
 * A task is sent on the local bus straight from the caller's thread (a send, not a request: no reply
 * handler is registered, so none can be lost when the caller's verticle is undeployed), and the worker
 * completes the caller's promise, which puts the outcome straight back on the caller's context: one
 * thread hand-off each way (a secure-channel handshake runs four tasks, so hand-offs are a visible
 * part of its cost).
 * <p>
 * The pool size is the system property {@value #SIZE_PROPERTY} (default: the number of cores, at
 * least 2). A task that takes longer than {@value #TIMEOUT_PROPERTY} milliseconds (default 60 s,
 * e.g. a hung token) fails its caller with a timeout; the pool goes on.
 */
public final class CryptoWorkers implements Shareable {

  /** The name of the worker pool. */
  public static final String POOL = "ockam-crypto";
  /** System property: the number of crypto worker threads and verticles. */
  public static final String SIZE_PROPERTY = "ockam.cryptoWorkers";
  /** System property: how long a task may take, in milliseconds. */
  public static final String TIMEOUT_PROPERTY = "ockam.cryptoTimeoutMs";
  static final String ADDRESS = "ockam.crypto";
  private static final String MAP = "ockam.crypto";

  private final Vertx vertx;
  private final Future<String> deployed;
  private final DeliveryOptions delivery = new DeliveryOptions().setLocalOnly(true).setCodecName(TaskCodec.NAME);
  // where the outcome of a task goes when its caller has no Vert.x context: an event loop, as
  // Vert.x futures usually complete, never the crypto thread that ran the task
  private final ContextInternal home;
  private final long timeoutNanos;
  private final LongAdder tasks = new LongAdder();
  // tasks submitted and not finished, for the timeout sweep
  private final Set<Task<?>> running = ConcurrentHashMap.newKeySet();

  private CryptoWorkers(Vertx vertx) {
    this.vertx = vertx;
    int size = Integer.getInteger(SIZE_PROPERTY, Math.max(2, Runtime.getRuntime().availableProcessors()));
    long timeoutMs = Math.max(1, Long.getLong(TIMEOUT_PROPERTY, 60_000L));
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    synchronized (CryptoWorkers.class) {
      try {
        vertx.eventBus().registerCodec(new TaskCodec());
      } catch (IllegalStateException alreadyRegistered) {
        // registered by an earlier pool of this Vert.x instance
      }
    }
    VertxInternal vi = (VertxInternal) vertx;
    // deployed from a context of its own: a top-level deployment that no worker's undeployment takes down
    this.home = vi.createEventLoopContext();
    Promise<String> p = Promise.promise();
    home.runOnContext(v -> vertx.deployVerticle(CryptoVerticle::new, new DeploymentOptions()
      .setThreadingModel(ThreadingModel.WORKER)
      .setWorkerPoolName(POOL)
      .setWorkerPoolSize(size)
      // the blocked-thread checker warns about a task that runs past the timeout
      .setMaxWorkerExecuteTime(timeoutMs).setMaxWorkerExecuteTimeUnit(TimeUnit.MILLISECONDS)
      .setInstances(size)).onComplete(p));
    this.deployed = p.future();
    // one sweep timer for all tasks (not one timer per task): it fails the callers of overdue ones
    long period = Math.max(1, Math.min(1000, timeoutMs / 4));
    long sweep = vertx.setPeriodic(period, id -> sweep());
    vi.addCloseHook(completion -> {
      vertx.cancelTimer(sweep);
      completion.succeed();
    });
  }

  /**
   * @param vertx a Vert.x instance
   * @return its crypto workers, deployed on first use
   */
  public static CryptoWorkers of(Vertx vertx) {
    LocalMap<String, CryptoWorkers> map = vertx.sharedData().getLocalMap(MAP);
    CryptoWorkers w = map.get(MAP);
    if (w != null) {
      return w;
    }
    synchronized (CryptoWorkers.class) {
      w = map.get(MAP);
      if (w == null) {
        w = new CryptoWorkers(vertx);
        map.put(MAP, w);
      }
      return w;
    }
  }

  /**
   * Runs a task on a crypto worker.
   *
   * @param work the task: blocking is fine, it runs on a worker thread
   * @param <T> its result
   * @return its result or its exception (as thrown), on the caller's context (on an event loop of
   *   the pool's own when the caller has no Vert.x context)
   */
  public <T> Future<T> run(Callable<T> work) {
    tasks.increment();
    ContextInternal caller = (ContextInternal) Vertx.currentContext();
    // completing a context's promise from the worker dispatches the outcome onto that context; the
    // context runs it even if its verticle was undeployed meanwhile (no reply handler to lose)
    Promise<T> result = (caller != null ? caller : home).promise();
    Task<T> task = new Task<>(work, result, System.nanoTime() + timeoutNanos);
    running.add(task);
    if (deployed.succeeded()) {
      vertx.eventBus().send(ADDRESS, task, delivery);
    } else {
      deployed.onComplete(ar -> {
        if (ar.succeeded()) {
          vertx.eventBus().send(ADDRESS, task, delivery);
        } else {
          running.remove(task);
          result.tryFail(new IllegalStateException("a cryptographic operation did not run: the crypto workers did not start: "
            + ar.cause().getMessage(), ar.cause()));
        }
      });
    }
    return result.future();
  }

  /** @return the tasks submitted since the pool started */
  public long tasks() {
    return tasks.sum();
  }

  private void sweep() {
    if (running.isEmpty()) {
      return;
    }
    long now = System.nanoTime();
    for (Task<?> t : running) {
      if (now - t.deadline > 0 && running.remove(t)) {
        t.result.tryFail(new IllegalStateException("a cryptographic operation did not complete: it ran for more than "
          + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"));
      }
    }
  }

  /**
   * @return {@code true} if the calling thread is one of the pool's
   */
  public static boolean onCryptoWorker() {
    return Thread.currentThread().getName().startsWith(POOL);
  }

  /**
   * Refuses to go on outside the pool: the guard of code that uses private keys.
   *
   * @param what the operation, for the message
   * @throws IllegalStateException on any other thread (an event loop above all)
   */
  public static void requireCryptoWorker(String what) {
    if (!onCryptoWorker()) {
      throw new IllegalStateException(what + " uses private keys and must run on a crypto worker, not on "
        + Thread.currentThread().getName());
    }
  }

  /** One task, its caller's promise and its deadline; travels by reference on the local bus. */
  final class Task<T> {
    final Callable<T> work;
    final Promise<T> result;
    final long deadline;

    Task(Callable<T> work, Promise<T> result, long deadline) {
      this.work = work;
      this.result = result;
      this.deadline = deadline;
    }

    void runHere() {
      T value;
      try {
        value = work.call();
      } catch (Throwable e) {
        running.remove(this);
        result.tryFail(e);
        return;
      }
      running.remove(this);
      result.tryComplete(value);
    }
  }

  /** A crypto worker: takes tasks from the bus, one at a time, on its worker thread. */
  static final class CryptoVerticle extends VerticleBase {
    private MessageConsumer<Task<?>> consumer;

    @Override
    public Future<?> start() {
      consumer = vertx.eventBus().localConsumer(ADDRESS, m -> m.body().runHere());
      return consumer.completion();
    }

    @Override
    public Future<?> stop() {
      return consumer.unregister();
    }
  }

  /** Hands tasks over by reference; they never leave the JVM. */
  @SuppressWarnings("rawtypes")
  static final class TaskCodec implements MessageCodec<Task, Task> {
    static final String NAME = "ockam-crypto-task";

    @Override
    public void encodeToWire(Buffer buffer, Task task) {
      throw new UnsupportedOperationException("cryptographic tasks never leave this JVM");
    }

    @Override
    public Task decodeFromWire(int pos, Buffer buffer) {
      throw new UnsupportedOperationException("cryptographic tasks never leave this JVM");
    }

    @Override
    public Task transform(Task task) {
      return task;
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
