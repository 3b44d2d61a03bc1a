package io.ockamj.verticles.relay;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RelayBackoffTest {

  @Test
  void doublesUpToTheMaximumWithoutJitter() {
    Backoff b = new Backoff(250, 10_000, 0, () -> 0.5);
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      delays.add(b.nextDelayMs());
    }
    assertThat(delays).containsExactly(250L, 500L, 1000L, 2000L, 4000L, 8000L, 10_000L, 10_000L, 10_000L, 10_000L);
    b.reset();
    assertThat(b.nextDelayMs()).isEqualTo(250);
  }

  @Test
  void jitterStaysWithinItsBounds() {
    assertThat(new Backoff(1000, 10_000, 0.2, () -> 0.0).nextDelayMs()).isEqualTo(800);
    assertThat(new Backoff(1000, 10_000, 0.2, () -> 0.999_999).nextDelayMs()).isEqualTo(1200);
    Backoff random = new Backoff(250, 10_000, 0.2, Math::random);
    for (int i = 0; i < 1000; i++) {
      long d = random.nextDelayMs();
      assertThat(d).isBetween(200L, 12_000L);
    }
  }

  @Test
  void manyFailuresDoNotOverflow() {
    Backoff b = new Backoff(1, 10_000, 0, () -> 0.5);
    for (int i = 0; i < 100_000; i++) {
      b.nextDelayMs();
    }
    assertThat(b.nextDelayMs()).isEqualTo(10_000);
  }
}
