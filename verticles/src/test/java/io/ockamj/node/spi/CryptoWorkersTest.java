package io.ockamj.node.spi;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.ockamj.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CryptoWorkersTest {

  @Test
  void tasksRunOnTheCryptoPoolAndResultsComeBackOnTheCallersContext() {
    Vertx vertx = Vertx.vertx();
    try {
      CryptoWorkers w = CryptoWorkers.of(vertx);
      assertThat(CryptoWorkers.of(vertx)).isSameAs(w);
      Context caller = vertx.getOrCreateContext();
      Promise<List<Object>> seen = Promise.promise();
      caller.runOnContext(v -> w.run(() -> Thread.currentThread().getName()).onComplete(ar ->
        seen.complete(List.of(ar.result(), Vertx.currentContext() == caller))));
      List<Object> r = await(seen.future());
      assertThat((String) r.get(0)).startsWith(CryptoWorkers.POOL);
      assertThat(r.get(1)).isEqualTo(true);
      // the exception is the task's own
      assertThatThrownBy(() -> await(w.run(() -> {
        throw new IOException("token gone");
      }))).isInstanceOf(IOException.class).hasMessage("token gone");
      // the guard refuses any other thread
      assertThatThrownBy(() -> CryptoWorkers.requireCryptoWorker("signing")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("signing uses private keys");
      assertThat(await(w.run(() -> {
        CryptoWorkers.requireCryptoWorker("signing");
        return 42;
      }))).isEqualTo(42);
      assertThat(w.tasks()).isEqualTo(3);
    } finally {
      await(vertx.close());
    }
  }

  /**
   * A caller on a verticle's context that is undeployed while its task runs still gets the result:
   * Vert.x drops the reply handlers registered from a verticle's context when it is undeployed, so
   * the pool must not send its requests from the caller's context (a credential fetch whose secure
   * channel closed meanwhile used to wait for the 60 s send timeout).
   */
  @Test
  void aCallerWhoseVerticleIsUndeployedMeanwhileStillGetsTheResult() {
    Vertx vertx = Vertx.vertx();
    try {
      CryptoWorkers w = CryptoWorkers.of(vertx);
      await(w.run(() -> 0));
      CountDownLatch release = new CountDownLatch(1);
      Promise<io.vertx.core.Future<String>> started = Promise.promise();
      String id = await(vertx.deployVerticle(new io.vertx.core.VerticleBase() {
        @Override
        public io.vertx.core.Future<?> start() {
          started.complete(w.run(() -> {
            release.await(10, TimeUnit.SECONDS);
            return "done";
          }));
          return io.vertx.core.Future.succeededFuture();
        }
      }));
      io.vertx.core.Future<String> result = await(started.future());
      await(vertx.undeploy(id));
      release.countDown();
      assertThat(await(result, Duration.ofSeconds(10))).isEqualTo("done");
    } finally {
      await(vertx.close());
    }
  }

  /** A task that hangs (a token that does not answer) fails its caller after the timeout; the pool goes on. */
  @Test
  void aTaskPastTheTimeoutFailsItsCallerAndThePoolGoesOn() throws InterruptedException {
    String before = System.getProperty(CryptoWorkers.TIMEOUT_PROPERTY);
    System.setProperty(CryptoWorkers.TIMEOUT_PROPERTY, "300");
    Vertx vertx = Vertx.vertx();
    CountDownLatch release = new CountDownLatch(1);
    try {
      CryptoWorkers w = CryptoWorkers.of(vertx);
      long t0 = System.nanoTime();
      io.vertx.core.Future<String> hung = w.run(() -> {
        release.await(30, TimeUnit.SECONDS);
        return "late";
      });
      assertThatThrownBy(() -> await(hung, Duration.ofSeconds(10))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("did not complete");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
      release.countDown();
      assertThat(await(w.run(() -> 7))).isEqualTo(7);
    } finally {
      release.countDown();
      if (before == null) {
        System.clearProperty(CryptoWorkers.TIMEOUT_PROPERTY);
      } else {
        System.setProperty(CryptoWorkers.TIMEOUT_PROPERTY, before);
      }
      await(vertx.close());
    }
  }

  /** Closing the Vert.x instance ends the pool's threads. */
  @Test
  void closingVertxEndsTheCryptoThreads() {
    Vertx vertx = Vertx.vertx();
    Thread thread = await(CryptoWorkers.of(vertx).run(Thread::currentThread));
    assertThat(thread.getName()).startsWith(CryptoWorkers.POOL);
    await(vertx.close());
    io.ockamj.testing.Await.until("the crypto thread ends", () -> !thread.isAlive(), Duration.ofSeconds(10));
  }

  /** A caller without a Vert.x context gets the outcome on an event loop, not on the crypto thread that ran the task. */
  @Test
  void aCallerWithoutAContextGetsTheOutcomeOnAnEventLoop() {
    Vertx vertx = Vertx.vertx();
    try {
      String completedOn = await(CryptoWorkers.of(vertx).run(() -> 1).map(x -> Thread.currentThread().getName()));
      assertThat(completedOn).startsWith("vert.x-eventloop");
    } finally {
      await(vertx.close());
    }
  }
}
