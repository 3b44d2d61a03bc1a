package io.ockamj.verticles.relay;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import static org.assertj.core.api.Assertions.assertThat;

/** The ping payloads of a relay session: round trip, and any echoed bytes are handled without throwing. */
class RelayPingsPropertiesTest {

  @Property
  void aPingDecodesToItsNumber(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long nonce) {
    assertThat(RelayPings.decode(RelayPings.encode(nonce))).isEqualTo(nonce);
  }

  @Property
  void anyEchoIsAnsweredOrRejectedWithoutThrowing(@ForAll @Size(max = 64) byte[] echo) {
    RelayPings pings = new RelayPings();
    pings.next();
    boolean wellFormed = pings.answered(echo);
    assertThat(wellFormed).isEqualTo(RelayPings.decode(echo) != null);
    // a stranger's number does not answer our ping
    assertThat(pings.received()).isZero();
    assertThat(pings.unanswered()).isEqualTo(1);
  }
}
