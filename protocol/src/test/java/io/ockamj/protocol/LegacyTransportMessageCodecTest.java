package io.ockamj.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.ockamj.protocol.bare.BareWriter;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.protocol.testing.Vectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * transport-message.json (Rust and Elixir legacy BARE transport messages) plus negative cases.
 */
class LegacyTransportMessageCodecTest {

  private static Route route(JsonNode list) {
    List<Address> hops = new ArrayList<>();
    list.forEach(a -> hops.add(Address.parse(a.asText())));
    return Route.of(hops);
  }

  private static byte[] payload(JsonNode m) {
    return m.has("payload_hex")
      ? Vectors.hex(m.get("payload_hex"))
      : m.get("payload_text").asText().getBytes(StandardCharsets.UTF_8);
  }

  private static String tracing(JsonNode m) {
    JsonNode t = m.path("tracing_context");
    return t.isMissingNode() || t.isNull() ? null : t.asText();
  }

  private static TransportMessage message(JsonNode m) {
    return new TransportMessage(route(m.get("onward_route")), route(m.get("return_route")), payload(m), tracing(m));
  }

  private static void assertDecodesTo(byte[] bytes, JsonNode expected) {
    LegacyTransportMessage d = LegacyTransportMessageCodec.decode(bytes);
    assertThat(d.version()).isEqualTo(expected.get("version").asInt());
    assertThat(d.message()).isEqualTo(message(expected));
  }

  @TestFactory
  Stream<DynamicTest> vectors() {
    return Vectors.vectors("transport-message.json", null).stream()
      .map(v -> DynamicTest.dynamicTest(v.get("id").asText(), () -> check(v)));
  }

  private static void check(JsonNode v) {
    switch (v.get("kind").asText()) {
      case "rust_encode_decode": {
        JsonNode m = v.get("message");
        byte[] enc = LegacyTransportMessageCodec.encode(m.get("version").asInt(), message(m));
        assertThat(Vectors.hex(enc)).isEqualTo(v.at("/computed/encoding_hex").asText());
        if (v.get("expected_decode").isTextual()) {
          assertThatThrownBy(() -> LegacyTransportMessageCodec.decode(enc))
            .isInstanceOf(DecodeException.class)
            .hasMessage(v.at("/computed/decode_error").asText());
        } else {
          assertDecodesTo(enc, v.get("expected_decode"));
          assertDecodesTo(enc, v.at("/computed/decoded"));
        }
        break;
      }
      case "elixir_bytes": {
        byte[] bytes = Vectors.hex(v.get("bytes_hex"));
        assertDecodesTo(bytes, v.get("expected_decode"));
        // Elixir writes version 1 without the trailing flag byte
        JsonNode m = v.get("elixir_encodes");
        byte[] enc = LegacyTransportMessageCodec.encodeWithoutTracingFlag(LegacyTransportMessageCodec.VERSION_1, message(m));
        assertThat(Vectors.hex(enc)).isEqualTo(v.get("bytes_hex").asText());
        break;
      }
      case "elixir_tracing_derived": {
        JsonNode m = v.get("message");
        byte[] enc = LegacyTransportMessageCodec.encode(LegacyTransportMessageCodec.VERSION_2, message(m));
        assertThat(Vectors.hex(enc)).isEqualTo(v.at("/computed/encoding_hex").asText());
        assertDecodesTo(enc, v.at("/computed/decoded"));
        break;
      }
      default:
        throw new AssertionError("unknown kind " + v.get("kind"));
    }
  }

  private static TransportMessage sample(String tracing) {
    return new TransportMessage(Route.of("1#127.0.0.1:4000", "printer"), Route.of("app"),
      "hello".getBytes(StandardCharsets.UTF_8), tracing);
  }

  @Test
  void latestIsVersionTwo() {
    byte[] enc = LegacyTransportMessageCodec.encode(sample("{}"));
    assertThat(enc[0]).isEqualTo((byte) LegacyTransportMessageCodec.LATEST_VERSION);
    LegacyTransportMessage d = LegacyTransportMessageCodec.decode(enc);
    assertThat(d.version()).isEqualTo(2);
    assertThat(d.message()).isEqualTo(sample("{}"));
  }

  @Test
  void versionOneIgnoresTrailingBytesAndTracingContext() {
    byte[] enc = LegacyTransportMessageCodec.encode(LegacyTransportMessageCodec.VERSION_1, sample("{\"a\":1}"));
    byte[] longer = Arrays.copyOf(enc, enc.length + 7);
    for (byte[] b : List.of(enc, longer)) {
      LegacyTransportMessage d = LegacyTransportMessageCodec.decode(b);
      assertThat(d.version()).isEqualTo(1);
      assertThat(d.message()).isEqualTo(sample(null));
    }
  }

  @Test
  void versionTwoFlagRules() {
    byte[] body = LegacyTransportMessageCodec.encodeWithoutTracingFlag(2, sample(null));
    // missing flag, flag 0, unknown flag, flag 1 with a truncated or invalid string: all "none"
    List<byte[]> inputs = List.of(
      body,
      concat(body, new byte[] {0}),
      concat(body, new byte[] {7, 1, 'x'}),
      concat(body, new byte[] {1, 5, 'x'}),
      concat(body, new byte[] {1, 2, (byte) 0xC3, 0x28}),
      concat(body, new byte[] {1}));
    for (byte[] b : inputs) {
      assertThat(LegacyTransportMessageCodec.decode(b).message()).isEqualTo(sample(null));
    }
    byte[] withTracing = concat(body, new BareWriter().u8(1).string("ctx").u8(9).toByteArray());
    assertThat(LegacyTransportMessageCodec.decode(withTracing).message()).isEqualTo(sample("ctx"));
  }

  @Test
  void unsupportedVersionsAndEmptyInputFail() {
    byte[] enc = LegacyTransportMessageCodec.encode(sample(null));
    for (int version : new int[] {0, 3, 255}) {
      byte[] b = enc.clone();
      b[0] = (byte) version;
      assertThatThrownBy(() -> LegacyTransportMessageCodec.decode(b))
        .isInstanceOf(DecodeException.class).hasMessageContaining("Unsupported version");
    }
    assertThatThrownBy(() -> LegacyTransportMessageCodec.decode(new byte[0])).isInstanceOf(DecodeException.class);
  }

  @Test
  void everyTruncationFails() {
    byte[] enc = LegacyTransportMessageCodec.encodeWithoutTracingFlag(1, sample(null));
    for (int len = 1; len < enc.length; len++) {
      byte[] b = Arrays.copyOf(enc, len);
      assertThatThrownBy(() -> LegacyTransportMessageCodec.decode(b)).isInstanceOf(DecodeException.class);
    }
  }

  @Test
  void limitsAreCheckedBeforeAllocating() {
    // a route announcing more hops than allowed
    byte[] hops = new BareWriter().u8(2).varint(Route.MAX_HOPS + 1L).toByteArray();
    assertThatThrownBy(() -> LegacyTransportMessageCodec.decode(hops)).isInstanceOf(DecodeException.class);
    // an address announcing 2^31 bytes
    byte[] addr = new BareWriter().u8(2).varint(1).u8(0).varint(1L << 31).toByteArray();
    assertThatThrownBy(() -> LegacyTransportMessageCodec.decode(addr)).isInstanceOf(DecodeException.class);
    // an address over the inner length limit, even though the bytes are there
    byte[] big = new BareWriter().u8(2).varint(1).u8(0).data(new byte[Address.MAX_INNER_LENGTH + 1]).toByteArray();
    assertThatThrownBy(() -> LegacyTransportMessageCodec.decode(big)).isInstanceOf(DecodeException.class);
    // a payload announcing 2^62 bytes
    byte[] payload = new BareWriter().u8(2).varint(0).varint(0).varint(1L << 62).toByteArray();
    assertThatThrownBy(() -> LegacyTransportMessageCodec.decode(payload)).isInstanceOf(DecodeException.class);
  }

  @Test
  void addressAndRouteHelpersRejectTrailingBytes() {
    byte[] a = concat(LegacyTransportMessageCodec.encodeAddress(Address.local("x")), new byte[] {0});
    assertThatThrownBy(() -> LegacyTransportMessageCodec.decodeAddress(a)).isInstanceOf(DecodeException.class);
    byte[] r = concat(LegacyTransportMessageCodec.encodeRoute(Route.of("x")), new byte[] {0});
    assertThatThrownBy(() -> LegacyTransportMessageCodec.decodeRoute(r)).isInstanceOf(DecodeException.class);
  }

  @Test
  void encoderRejectsBadArguments() {
    assertThatThrownBy(() -> LegacyTransportMessageCodec.encode(256, sample(null))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LegacyTransportMessageCodec.encodeWithoutTracingFlag(1, sample("x")))
      .isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
