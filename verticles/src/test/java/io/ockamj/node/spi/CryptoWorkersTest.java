package io.ockamj.node.spi;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

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
}
