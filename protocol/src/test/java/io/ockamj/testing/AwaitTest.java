package io.ockamj.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.failure;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwaitTest {

  @Test
  void awaitReturnsTheResult() {
    assertThat(await(Future.succeededFuture("done"))).isEqualTo("done");
  }

  @Test
  void awaitThrowsTheFailureItself() {
    IllegalStateException unchecked = new IllegalStateException("unchecked");
    assertThatThrownBy(() -> await(Future.failedFuture(unchecked))).isSameAs(unchecked);
    IOException checked = new IOException("checked");
    assertThatThrownBy(() -> await(Future.failedFuture(checked))).isSameAs(checked);
    AssertionError error = new AssertionError("error");
    assertThatThrownBy(() -> await(Future.failedFuture(error))).isSameAs(error);
  }

  @Test
  void awaitGivesUpAfterItsTimeout() {
    Promise<Void> never = Promise.promise();
    assertThatThrownBy(() -> await(never.future(), Duration.ofMillis(20)))
      .isInstanceOf(AssertionError.class)
      .hasMessageContaining("did not complete within 20 ms");
  }

  @Test
  void failureReturnsTheFailureAndRefusesASuccess() {
    IOException checked = new IOException("checked");
    assertThat(failure(Future.failedFuture(checked))).isSameAs(checked);
    assertThatThrownBy(() -> failure(Future.succeededFuture(7))).isInstanceOf(AssertionError.class)
      .hasMessageContaining("expected a failure but got 7");
  }

  @Test
  void untilReturnsOnceTheConditionHolds() {
    AtomicInteger looks = new AtomicInteger();
    until("the third look", () -> looks.incrementAndGet() >= 3, Duration.ofSeconds(5));
    assertThat(looks).hasValue(3);
  }

  @Test
  void untilFailsNamingTheCondition() {
    assertThatThrownBy(() -> until("the impossible", () -> false, Duration.ofMillis(30)))
      .isInstanceOf(AssertionError.class)
      .hasMessage("not within 30 ms: the impossible");
  }

  @Test
  void untilPassesOnWhatTheConditionThrows() {
    AtomicInteger looks = new AtomicInteger();
    assertThatThrownBy(() -> until("never", () -> {
      looks.incrementAndGet();
      throw new IllegalStateException("broken condition");
    }, Duration.ofSeconds(5))).isInstanceOf(IllegalStateException.class).hasMessage("broken condition");
    assertThat(looks).hasValue(1);
  }
}
