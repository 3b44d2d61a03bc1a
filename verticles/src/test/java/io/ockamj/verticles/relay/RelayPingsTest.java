package io.ockamj.verticles.relay;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What counts as an answer to a relay session's pings. */
class RelayPingsTest {

  @Test
  void anEchoOfAnUnansweredPingClearsThemAll() {
    RelayPings pings = new RelayPings();
    byte[] first = pings.next();
    pings.next();
    pings.next();
    assertThat(pings.unanswered()).isEqualTo(3);
    assertThat(pings.sent()).isEqualTo(3);
    assertThat(pings.answered(first)).isTrue();
    assertThat(pings.unanswered()).isZero();
    assertThat(pings.received()).isEqualTo(1);
    // the same echo again answers nothing more
    assertThat(pings.answered(first)).isTrue();
    assertThat(pings.received()).isEqualTo(1);
  }

  @Test
  void malformedEchoesAreRejected() {
    RelayPings pings = new RelayPings();
    pings.next();
    assertThat(pings.answered(new byte[0])).isFalse();
    assertThat(pings.answered(new byte[] {0x01, 0x02})).isFalse(); // trailing byte
    assertThat(pings.answered(new byte[] {0x61, 'x'})).isFalse(); // text, not a number
    assertThat(pings.answered(new byte[] {0x1B, (byte) 0xFF, 0, 0, 0, 0, 0, 0, 0})).isFalse(); // over 2^63-1
    assertThat(pings.unanswered()).isEqualTo(1);
  }

  @FuzzTest
  void anyEchoIsHandled(byte[] echo) {
    RelayPings pings = new RelayPings();
    pings.next();
    Long decoded = RelayPings.decode(echo);
    assertThat(pings.answered(echo)).isEqualTo(decoded != null);
    if (decoded != null) {
      assertThat(decoded).isNotNegative();
    }
  }
}
