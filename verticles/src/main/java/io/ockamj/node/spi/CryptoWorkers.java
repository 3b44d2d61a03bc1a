package io.ockamj.node.spi;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where private-key cryptography runs: a pool of worker verticles ({@link ThreadingModel#WORKER})
 * on the named worker pool {@value #POOL}, one pool per Vert.x instance, reached through the event
 * bus and a {@link Future} API. Identity and purpose-key signatures, X25519 with static and
 * ephemeral keys (the Noise handshake), key generation and signature checks of change histories go
 * through {@link #run}; an event loop never runs them. PKCS#11 tokens, which may block for long,
 * are called the same way.
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
  private final DeliveryOptions delivery;
  private final LongAdder tasks = new LongAdder();
  // where requests are sent from and their replies arrive: never a verticle's context (see run)
  private final io.vertx.core.internal.ContextInternal home;

  private CryptoWorkers(Vertx vertx) {
    this.vertx = vertx;
    int size = Integer.getInteger(SIZE_PROPERTY, Math.max(2, Runtime.getRuntime().availableProcessors()));
    long timeout = Long.getLong(TIMEOUT_PROPERTY, 60_000L);
    synchronized (CryptoWorkers.class) {
      try {
        vertx.eventBus().registerCodec(new TaskCodec());
      } catch (IllegalStateException alreadyRegistered) {
        // registered by an earlier pool of this Vert.x instance
      }
    }
    this.delivery = new DeliveryOptions().setLocalOnly(true).setCodecName(TaskCodec.NAME).setSendTimeout(timeout);
    // deployed from a context of its own: a top-level deployment that no worker's undeployment takes down
    this.home = ((io.vertx.core.internal.VertxInternal) vertx).createEventLoopContext();
    io.vertx.core.Promise<String> p = io.vertx.core.Promise.promise();
    home.runOnContext(v ->
      vertx.deployVerticle(CryptoVerticle::new, new DeploymentOptions()
        .setThreadingModel(ThreadingModel.WORKER)
        .setWorkerPoolName(POOL)
        .setWorkerPoolSize(size)
        .setInstances(size)).onComplete(p));
    this.deployed = p.future();
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
   * @return its result or its exception (as thrown), on the caller's context
   */
  @SuppressWarnings("unchecked")
  public <T> Future<T> run(Callable<T> work) {
    tasks.increment();
    Task task = new Task(work);
    io.vertx.core.internal.ContextInternal caller = (io.vertx.core.internal.ContextInternal) Vertx.currentContext();
    io.vertx.core.Promise<T> result = caller != null ? caller.promise() : io.vertx.core.Promise.promise();
    // The request is sent from the pool's own context, not the caller's: Vert.x ties a reply handler
    // to the verticle whose context registers it and drops it, without failing the request, when
    // that verticle is undeployed. A caller running on, say, a secure channel's worker that closes
    // meanwhile would otherwise lose the reply and wait for the send timeout.
    home.runOnContext(v -> deployed
      .compose(id -> vertx.eventBus().<Object>request(ADDRESS, task, delivery))
      .onComplete(ar -> {
        if (task.failure != null) {
          result.tryFail(task.failure);
        } else if (ar.failed()) {
          result.tryFail(new IllegalStateException("a cryptographic operation did not complete: " + ar.cause().getMessage(),
            ar.cause()));
        } else {
          result.tryComplete((T) task.result);
        }
      }));
    return result.future();
  }

  /** @return the tasks submitted since the pool started */
  public long tasks() {
    return tasks.sum();
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

  /** One task and its outcome; travels by reference on the local bus. */
  static final class Task {
    final Callable<?> work;
    volatile Object result;
    volatile Throwable failure;

    Task(Callable<?> work) {
      this.work = work;
    }
  }

  /** A crypto worker: takes tasks from the bus, one at a time, on its worker thread. */
  static final class CryptoVerticle extends VerticleBase {
    private MessageConsumer<Task> consumer;

    @Override
    public Future<?> start() {
      consumer = vertx.eventBus().localConsumer(ADDRESS, m -> {
        Task t = m.body();
        try {
          t.result = t.work.call();
        } catch (Throwable e) {
          t.failure = e;
        }
        m.reply(t, new DeliveryOptions().setCodecName(TaskCodec.NAME));
      });
      return consumer.completion();
    }

    @Override
    public Future<?> stop() {
      return consumer.unregister();
    }
  }

  /** Hands tasks over by reference; they never leave the JVM. */
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
