package io.ockamj.protocol;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ockamj.protocol.errors.DecodeException;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer fuzz tests of every decoder and text parser of this package: only {@link DecodeException}
 * (bytes) or {@link AddressParseException} (text) may escape, and whatever decodes must re-encode to
 * something that decodes to the same value.
 */
class DecoderFuzzTest {

  @FuzzTest
  void tcpFrameDecode(byte[] data) {
    TransportMessage m;
    try {
      m = TcpFrameCodec.decode(data);
    } catch (DecodeException expected) {
      return;
    }
    assertThat(TcpFrameCodec.decode(TcpFrameCodec.encode(m))).isEqualTo(m);
  }

  @FuzzTest
  void tcpFrameHeadThenRestDecodesAsTheWholeBody(FuzzedDataProvider data) {
    byte[] body = data.consumeRemainingAsBytes();
    int headBytes = Math.min(body.length, 1 + (body.length == 0 ? 0 : Math.floorMod(body[0], 64) * 16));
    TcpFrameCodec.FrameHead head = TcpFrameCodec.decodeHead(body, 0, headBytes, body.length);
    if (head == null) {
      return;
    }
    byte[] payload = java.util.Arrays.copyOfRange(body, head.headLength(), head.headLength() + head.payloadLength());
    byte[] tail = java.util.Arrays.copyOfRange(body, head.headLength() + head.payloadLength(), body.length);
    TransportMessage streamed;
    try {
      streamed = TcpFrameCodec.decode(head, payload, tail);
    } catch (DecodeException e) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> TcpFrameCodec.decode(body)).isInstanceOf(DecodeException.class);
      return;
    }
    assertThat(TcpFrameCodec.decode(body)).isEqualTo(streamed);
  }

  @FuzzTest
  void legacyTransportMessageDecode(byte[] data) {
    LegacyTransportMessage d;
    try {
      d = LegacyTransportMessageCodec.decode(data);
    } catch (DecodeException expected) {
      return;
    }
    assertThat(d.version()).isBetween(1, 2);
    LegacyTransportMessage again = LegacyTransportMessageCodec.decode(LegacyTransportMessageCodec.encode(d.version(), d.message()));
    assertThat(again).isEqualTo(d);
  }

  @FuzzTest
  void legacyRouteAndAddressDecode(byte[] data) {
    try {
      // non-minimal varints are accepted, so compare values rather than bytes
      Route r = LegacyTransportMessageCodec.decodeRoute(data);
      assertThat(LegacyTransportMessageCodec.decodeRoute(LegacyTransportMessageCodec.encodeRoute(r))).isEqualTo(r);
    } catch (DecodeException expected) {
      // bad input
    }
    try {
      Address a = LegacyTransportMessageCodec.decodeAddress(data);
      assertThat(LegacyTransportMessageCodec.decodeAddress(LegacyTransportMessageCodec.encodeAddress(a))).isEqualTo(a);
    } catch (DecodeException expected) {
      // bad input
    }
  }

  @FuzzTest
  void multiAddrDecode(byte[] data) {
    MultiAddr m;
    try {
      m = MultiAddr.decode(data);
    } catch (DecodeException expected) {
      return;
    }
    // the binary form is canonical (minimal varints, fixed sizes), so it re-encodes identically
    assertThat(m.encode()).isEqualTo(data);
    assertThat(MultiAddr.parse(m.toString())).isEqualTo(m);
    assertThat(MultiAddr.decodeCbor(m.encodeCbor())).isEqualTo(m);
  }

  @FuzzTest
  void multiAddrDecodeCbor(byte[] data) {
    try {
      MultiAddr m = MultiAddr.decodeCbor(data);
      assertThat(MultiAddr.decode(m.encode())).isEqualTo(m);
    } catch (DecodeException expected) {
      // bad input
    }
  }

  @FuzzTest
  void multiAddrParse(byte[] data) {
    // decoded as UTF-8 so that seed files are readable text (malformed sequences become U+FFFD)
    String text = new String(data, StandardCharsets.UTF_8);
    MultiAddr m;
    try {
      m = MultiAddr.parse(text);
    } catch (AddressParseException expected) {
      return;
    }
    assertThat(MultiAddr.parse(m.toString())).isEqualTo(m);
    assertThat(MultiAddr.decode(m.encode())).isEqualTo(m);
    try {
      Route r = m.toTransportRoute();
      assertThat(r.size()).isLessThanOrEqualTo(m.size());
    } catch (RouteConversionException expected) {
      // node, project, space, or a host without port
    }
  }

  @FuzzTest
  void textParsers(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    try {
      HostnamePort hp = HostnamePort.parse(text);
      assertThat(HostnamePort.parse(hp.toString())).isEqualTo(hp);
      MultiAddr m = MultiAddr.fromAddress(hp.toAddress());
      assertThat(m.toTransportRoute()).isEqualTo(Route.of(hp.toAddress()));
    } catch (AddressParseException | RouteConversionException expected) {
      // bad input; a valid host:port whose host is too long for a multiaddr
    }
    try {
      Address a = Address.parse(text);
      assertThat(Address.parse(a.toString())).isEqualTo(a);
    } catch (AddressParseException expected) {
      // bad input
    }
    try {
      Route r = Route.parse(text);
      assertThat(r.size()).isPositive();
    } catch (AddressParseException expected) {
      // bad input
    }
  }
}
