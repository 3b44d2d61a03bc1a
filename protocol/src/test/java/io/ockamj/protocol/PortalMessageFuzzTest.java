package io.ockamj.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ockamj.protocol.errors.DecodeException;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer fuzz test of {@link PortalMessage#decode}: only {@link DecodeException} may escape, and
 * whatever decodes re-encodes (in the form it was read) to the same bytes.
 */
class PortalMessageFuzzTest {

  @FuzzTest
  void decode(byte[] data) {
    PortalMessage m;
    try {
      m = PortalMessage.decode(data);
    } catch (DecodeException expected) {
      return;
    }
    if (m instanceof PortalMessage.Payload p) {
      assertThat(PortalMessage.decode(p.encodeWithCounter())).isEqualTo(p);
      byte[] plain = PortalMessage.decode(p.encode()) instanceof PortalMessage.Payload q ? q.data() : null;
      assertThat(plain).isEqualTo(p.data());
      // decoding a bounded copy never allocates more than the input holds
      assertThat(p.data().length).isLessThan(data.length);
    } else {
      assertThat(m.encode()).isEqualTo(Arrays.copyOf(data, 1));
      assertThat(data).hasSize(1);
    }
  }
}
