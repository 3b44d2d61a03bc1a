package io.ockamj.protocol.udp;

import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.TransportMessage;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.protocol.rendezvous.RendezvousRequest;
import io.ockamj.protocol.rendezvous.RendezvousResponse;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Round trips of the UDP datagrams, the reassembly and the rendezvous messages; truncations fail typed. */
class UdpPropertiesTest {

  @Provide
  Arbitrary<UdpTransportMessage> parts() {
    return Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 0xFFFF),
      Arbitraries.longs().between(0, 0xFFFF_FFFFL), Arbitraries.of(true, false),
      Arbitraries.bytes().array(byte[].class).ofMaxSize(UdpDatagramCodec.MAX_PAYLOAD_SIZE))
      .as(UdpTransportMessage::new);
  }

  @Provide
  Arbitrary<TransportMessage> messages() {
    Arbitrary<Address> addresses = Combinators.combine(Arbitraries.integers().between(0, 5),
      Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20)).as(Address::of);
    Arbitrary<Route> routes = addresses.list().ofMaxSize(4).map(Route::of);
    return Combinators.combine(routes, routes, Arbitraries.bytes().array(byte[].class).ofMaxSize(3000),
      Arbitraries.strings().ofMaxLength(40).injectNull(0.5)).as(TransportMessage::new);
  }

  @Property
  void datagramsRoundTrip(@ForAll("parts") UdpTransportMessage m) {
    byte[] encoded = UdpDatagramCodec.encode(m);
    assertThat(encoded.length).isLessThanOrEqualTo(UdpDatagramCodec.MAX_ON_THE_WIRE_SIZE);
    assertThat(UdpDatagramCodec.decode(encoded)).isEqualTo(m);
  }

  @Property
  void truncatedDatagramsFailTyped(@ForAll("parts") UdpTransportMessage m, @ForAll @IntRange(min = 0, max = 600) int cut) {
    byte[] encoded = UdpDatagramCodec.encode(m);
    byte[] truncated = Arrays.copyOf(encoded, Math.min(cut, encoded.length - 1));
    assertThatThrownBy(() -> UdpDatagramCodec.decode(truncated)).isInstanceOf(DecodeException.class);
  }

  @Property
  void splitThenReassembleGivesTheMessage(@ForAll("messages") TransportMessage m, @ForAll @IntRange(min = 0, max = 0xFFFF) int number) {
    UdpReassembler r = new UdpReassembler(4, 1 << 20);
    List<byte[]> datagrams = UdpDatagramCodec.split(m, number);
    for (int i = 0; i < datagrams.size() - 1; i++) {
      assertThat(r.add("peer", UdpDatagramCodec.decode(datagrams.get(i)))).isInstanceOf(UdpReassembler.Pending.class);
    }
    UdpReassembler.Outcome last = r.add("peer", UdpDatagramCodec.decode(datagrams.get(datagrams.size() - 1)));
    assertThat(last).isEqualTo(new UdpReassembler.Assembled(m, null));
    assertThat(r.pendingBytes()).isZero();
  }

  @Property
  void rendezvousMessagesRoundTripAndTruncationsFail(@ForAll("addresses") String address, @ForAll @IntRange(min = 0, max = 100) int cut) {
    RendezvousResponse my = new RendezvousResponse.MyAddress(address);
    byte[] encoded = my.encode();
    assertThat(RendezvousResponse.decode(encoded)).isEqualTo(my);
    byte[] truncated = Arrays.copyOf(encoded, Math.min(cut, encoded.length - 1));
    assertThatThrownBy(() -> RendezvousResponse.decode(truncated)).isInstanceOf(DecodeException.class);
    for (RendezvousRequest q : RendezvousRequest.values()) {
      assertThat(RendezvousRequest.decode(q.encode())).isEqualTo(q);
      byte[] t = Arrays.copyOf(q.encode(), Math.min(cut, 2));
      assertThatThrownBy(() -> RendezvousRequest.decode(t)).isInstanceOf(DecodeException.class);
    }
  }

  @Provide
  Arbitrary<String> addresses() {
    return Arbitraries.strings().ofMaxLength(60);
  }
}
