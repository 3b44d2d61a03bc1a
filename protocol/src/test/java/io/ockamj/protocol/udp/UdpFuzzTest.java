package io.ockamj.protocol.udp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.protocol.rendezvous.RendezvousRequest;
import io.ockamj.protocol.rendezvous.RendezvousResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer fuzz tests of the decoders of untrusted UDP bytes: datagrams, their reassembly, and the
 * rendezvous messages. Only {@link DecodeException} may escape a decoder; what decodes re-encodes to
 * something that decodes to the same value; nothing allocates more than the input holds.
 */
class UdpFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void datagram(byte[] data) {
    UdpTransportMessage m;
    try {
      m = UdpDatagramCodec.decode(data);
    } catch (DecodeException expected) {
      return;
    }
    assertThat(m.payload().length).isLessThan(data.length);
    assertThat(UdpDatagramCodec.decode(UdpDatagramCodec.encode(m))).isEqualTo(m);
    // a reassembler takes any decoded part without failing, and holds no more than it was given
    UdpReassembler r = new UdpReassembler(2, 1024);
    UdpReassembler.Outcome o = r.add("peer", m);
    assertThat(o).isNotNull();
    assertThat(r.pendingBytes()).isLessThanOrEqualTo(m.payload().length);
  }

  @FuzzTest(maxDuration = "30s")
  void rendezvous(byte[] data) {
    try {
      RendezvousRequest q = RendezvousRequest.decode(data);
      assertThat(RendezvousRequest.decode(q.encode())).isEqualTo(q);
    } catch (DecodeException expected) {
      // typed
    }
    try {
      RendezvousResponse p = RendezvousResponse.decode(data);
      assertThat(RendezvousResponse.decode(p.encode())).isEqualTo(p);
    } catch (DecodeException expected) {
      // typed
    }
  }
}
