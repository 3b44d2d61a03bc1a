package io.ockamj.protocol;

import io.ockamj.protocol.errors.DecodeException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** Round-trip properties of {@link PortalMessage}. */
class PortalMessagePropertiesTest {

  @Provide
  Arbitrary<PortalMessage> messages() {
    Arbitrary<PortalMessage> payloads = Combinators.combine(
      Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
      Arbitraries.integers().between(0, 0xFFFF).injectNull(0.3))
      .as(PortalMessage.Payload::new);
    return Arbitraries.frequencyOf(
      net.jqwik.api.Tuple.of(1, Arbitraries.just(PortalMessage.PING)),
      net.jqwik.api.Tuple.of(1, Arbitraries.just(PortalMessage.PONG)),
      net.jqwik.api.Tuple.of(1, Arbitraries.just(PortalMessage.DISCONNECT)),
      net.jqwik.api.Tuple.of(6, payloads));
  }

  @Property
  void encodeDropsOnlyTheCounter(@ForAll("messages") PortalMessage m) {
    PortalMessage decoded = PortalMessage.decode(m.encode());
    if (m instanceof PortalMessage.Payload p) {
      assertThat(decoded).isEqualTo(PortalMessage.Payload.of(p.data()));
    } else {
      assertThat(decoded).isSameAs(m);
    }
  }

  @Property
  void counterFormRoundTrips(@ForAll("messages") PortalMessage m) {
    if (m instanceof PortalMessage.Payload p) {
      assertThat(PortalMessage.decode(p.encodeWithCounter())).isEqualTo(p);
      // the counter-less form is a prefix of the counter form
      byte[] plain = p.encode();
      byte[] withCounter = p.encodeWithCounter();
      assertThat(withCounter).startsWith(plain);
      assertThat(withCounter.length - plain.length).isEqualTo(p.counter() == null ? 1 : 3);
    }
  }

  @Property
  void lengthPrefixIsAMinimalVarint(@ForAll("messages") PortalMessage m) {
    byte[] b = m.encode();
    if (m instanceof PortalMessage.Payload p) {
      assertThat(b.length).isEqualTo(1 + io.ockamj.protocol.bare.BareWriter.varintSize(p.data().length) + p.data().length);
    } else {
      assertThat(b).hasSize(1);
    }
  }

  @Property
  void locatedDataIsTheDecodedData(@ForAll("messages") PortalMessage m) {
    if (m instanceof PortalMessage.Payload p) {
      for (byte[] encoded : new byte[][] {p.encode(), p.encodeWithCounter()}) {
        PortalMessage.PayloadRange r = PortalMessage.locatePayload(encoded, PortalMessage.MAX_DECODED_PAYLOAD_SIZE);
        assertThat(java.util.Arrays.copyOfRange(encoded, r.offset(), r.offset() + r.length())).isEqualTo(p.data());
        assertThat(r.counter()).isEqualTo(((PortalMessage.Payload) PortalMessage.decode(encoded)).counter());
      }
    } else {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> PortalMessage.locatePayload(m.encode(), 100))
        .isInstanceOf(DecodeException.class);
    }
  }
}
