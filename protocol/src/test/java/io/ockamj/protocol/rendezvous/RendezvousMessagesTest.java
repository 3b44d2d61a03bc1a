package io.ockamj.protocol.rendezvous;

import io.ockamj.protocol.errors.DecodeException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.ockamj.protocol.testing.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rendezvous messages against bytes written by hand from Rust's minicbor derive
 * ({@code puncture/rendezvous_service/messages.rs}): an enum is {@code [index, [fields]]}.
 */
class RendezvousMessagesTest {

  @Test
  void requests() {
    assertThat(RendezvousRequest.PING.encode()).isEqualTo(hex("820080"));
    assertThat(RendezvousRequest.GET_MY_ADDRESS.encode()).isEqualTo(hex("820180"));
    assertThat(RendezvousRequest.decode(hex("820080"))).isEqualTo(RendezvousRequest.PING);
    assertThat(RendezvousRequest.decode(hex("820180"))).isEqualTo(RendezvousRequest.GET_MY_ADDRESS);
    // lenient: indefinite arrays, ignored fields
    assertThat(RendezvousRequest.decode(hex("9f019fffff"))).isEqualTo(RendezvousRequest.GET_MY_ADDRESS);
    assertThat(RendezvousRequest.decode(hex("82008101"))).isEqualTo(RendezvousRequest.PING);
  }

  @Test
  void responses() {
    assertThat(RendezvousResponse.PONG.encode()).isEqualTo(hex("820080"));
    byte[] myAddress = hex("8201816e" + "3132372e302e302e313a34303030"); // [1, ["127.0.0.1:4000"]]
    assertThat(new RendezvousResponse.MyAddress("127.0.0.1:4000").encode()).isEqualTo(myAddress);
    assertThat(RendezvousResponse.decode(myAddress)).isEqualTo(new RendezvousResponse.MyAddress("127.0.0.1:4000"));
    assertThat(RendezvousResponse.decode(hex("820080"))).isEqualTo(RendezvousResponse.PONG);
    assertThat(RendezvousResponse.decode(hex("9f019f6161ffff"))).isEqualTo(new RendezvousResponse.MyAddress("a"));
  }

  @Test
  void malformedMessagesAreRejectedTyped() {
    for (String bad : List.of("", "00", "8100", "830080f6", "820280", "820080ff", "8200", "9f0080", "820180", "82018100", "8201816261",
      "1a")) {
      assertThatThrownBy(() -> RendezvousResponse.decode(hex(bad))).as(bad).isInstanceOf(DecodeException.class);
    }
    for (String bad : List.of("", "820280", "8200", "820080f6", "a0", "8201")) {
      assertThatThrownBy(() -> RendezvousRequest.decode(hex(bad))).as(bad).isInstanceOf(DecodeException.class);
    }
    assertThatThrownBy(() -> RendezvousRequest.decode(new byte[65])).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> RendezvousResponse.decode(new byte[2000])).isInstanceOf(DecodeException.class);
  }
}
