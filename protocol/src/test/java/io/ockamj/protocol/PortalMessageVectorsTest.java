package io.ockamj.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.protocol.testing.Vectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * portal-message.json: Rust's old/new compatibility cases, the ignored counter round trip, and the
 * Elixir encodings. Every expectation is read from the file.
 */
class PortalMessageVectorsTest {

  private static final String FILE = "portal-message.json";
  private static final Set<String> KINDS = Set.of("old_serde_encoding_decoded_by_new", "new_encoding_decoded_by_old_serde",
    "ignored_test_counter_roundtrip", "elixir_encoding", "elixir_decoding");

  /** Builds the message a vector describes; a missing or null counter means none. */
  private static PortalMessage message(JsonNode m) {
    String type = m.get("type").asText();
    switch (type) {
      case "Ping":
        return PortalMessage.PING;
      case "Pong":
        return PortalMessage.PONG;
      case "Disconnect":
        return PortalMessage.DISCONNECT;
      case "Payload":
        JsonNode c = m.path("counter");
        return new PortalMessage.Payload(Vectors.hex(m.get("payload_hex")), c.isMissingNode() || c.isNull() ? null : c.asInt());
      default:
        throw new IllegalArgumentException("unknown message type " + type);
    }
  }

  /** Checks a decoded message against an expectation; the counter is compared only when the expectation names it. */
  private static void assertMatches(PortalMessage decoded, JsonNode expected) {
    String type = expected.get("type").asText();
    assertThat(decoded.getClass().getSimpleName()).isEqualTo(type);
    if (decoded instanceof PortalMessage.Payload p) {
      assertThat(Vectors.hex(p.data())).isEqualTo(expected.get("payload_hex").asText());
      if (expected.has("counter")) {
        JsonNode c = expected.get("counter");
        assertThat(p.counter()).isEqualTo(c.isNull() ? null : c.asInt());
      }
    }
  }

  private static byte[] hexAt(JsonNode v, String pointer) {
    JsonNode n = v.at(pointer);
    assertThat(n.isMissingNode()).as("vector %s has %s", v.get("id").asText(), pointer).isFalse();
    return Vectors.hex(n);
  }

  private static void check(JsonNode v) {
    String kind = v.get("kind").asText();
    switch (kind) {
      case "old_serde_encoding_decoded_by_new" -> {
        byte[] bytes = hexAt(v, "/computed/encoding_hex");
        assertMatches(PortalMessage.decode(bytes), v.get("expected_decoded"));
        // the old encoding is exactly what we send
        assertThat(message(v.get("message")).encode()).isEqualTo(bytes);
      }
      case "new_encoding_decoded_by_old_serde" -> {
        byte[] bytes = message(v.get("message")).encode();
        assertThat(Vectors.hex(bytes)).isEqualTo(v.at("/computed/encoding_hex").asText());
        assertMatches(PortalMessage.decode(bytes), v.get("expected_decoded"));
      }
      case "ignored_test_counter_roundtrip" -> {
        PortalMessage.Payload m = (PortalMessage.Payload) message(v.get("message"));
        assertThat(Vectors.hex(m.encode())).isEqualTo(v.at("/computed/current_rust_encoding_hex").asText());
        assertThat(Vectors.hex(m.encodeWithCounter())).isEqualTo(v.at("/computed/encoding_with_counter_hex").asText());
        assertMatches(PortalMessage.decode(hexAt(v, "/computed/encoding_with_counter_hex")), v.at("/computed/decode_of_encoding_with_counter"));
        assertMatches(PortalMessage.decode(hexAt(v, "/computed/current_rust_encoding_hex")), v.at("/computed/decode_of_current_rust_encoding"));
        // the test's own expectation holds for the counter form
        assertThat(PortalMessage.decode(m.encodeWithCounter())).isEqualTo(m);
      }
      case "elixir_encoding" -> {
        PortalMessage.Payload m = (PortalMessage.Payload) message(v.get("message"));
        assertThat(Vectors.hex(m.encodeWithCounter())).isEqualTo(v.get("bytes_hex").asText());
        PortalMessage decoded = PortalMessage.decode(hexAt(v, "/bytes_hex"));
        assertMatches(decoded, v.at("/computed/rust_decode"));
        assertThat(decoded).isEqualTo(m);
      }
      case "elixir_decoding" -> {
        PortalMessage decoded = PortalMessage.decode(hexAt(v, "/bytes_hex"));
        assertMatches(decoded, v.get("expected_elixir_decode"));
        assertMatches(decoded, v.at("/computed/rust_decode"));
      }
      default -> fail("unhandled vector kind " + kind);
    }
  }

  @TestFactory
  Stream<DynamicTest> vectors() {
    return Vectors.vectors(FILE, null).stream()
      .map(v -> DynamicTest.dynamicTest(v.get("id").asText(), () -> check(v)));
  }

  @Test
  void everyKindIsKnown() {
    assertThat(Vectors.vectors(FILE, null)).allSatisfy(v -> assertThat(KINDS).contains(v.get("kind").asText()));
  }

  @Test
  void specExample() {
    byte[] data = "GET / HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(Vectors.hex(PortalMessage.Payload.of(data).encode())).isEqualTo("0310474554202f20485454502f312e310d0a");
  }

  @Test
  void rejectsMalformedInput() {
    for (String hex : new String[] {
      "",           // empty
      "04",         // unknown tag
      "ff",         // unknown tag
      "0000",       // trailing byte after Ping
      "0201",       // trailing byte after Disconnect
      "03",         // missing length
      "0305aabb",   // truncated data
      "030100ff",   // a single trailing byte other than 00
      "03010001",   // 01 without the u16
      "0301000102", // 01 with one byte of the u16
      "0301000001", // 00 then a byte
      "03010002aabb", // 02 is not an option tag
      "030100017b0000", // trailing byte after the counter
      "03ffffffffffffffffff02", // varint over 64 bits
    }) {
      assertThatThrownBy(() -> PortalMessage.decode(Vectors.hex(hex))).as(hex).isInstanceOf(DecodeException.class);
    }
  }

  @Test
  void boundsThePayloadBeforeAllocating() {
    // announces 1 GiB with 3 bytes of data
    assertThatThrownBy(() -> PortalMessage.decode(Vectors.hex("0380808080040102")))
      .isInstanceOf(DecodeException.class).hasMessageContaining("limit");
    byte[] big = new byte[PortalMessage.MAX_PAYLOAD_SIZE + 1];
    byte[] encoded = PortalMessage.Payload.of(big).encode();
    assertThat(PortalMessage.decode(encoded)).isEqualTo(PortalMessage.Payload.of(big));
    assertThatThrownBy(() -> PortalMessage.decode(encoded, PortalMessage.MAX_PAYLOAD_SIZE)).isInstanceOf(DecodeException.class);
    assertThat(PortalMessage.decode(PortalMessage.Payload.of(new byte[PortalMessage.MAX_PAYLOAD_SIZE]).encode(), PortalMessage.MAX_PAYLOAD_SIZE))
      .isInstanceOf(PortalMessage.Payload.class);
  }

  @Test
  void counterRange() {
    assertThatThrownBy(() -> new PortalMessage.Payload(new byte[0], 65536)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PortalMessage.Payload(new byte[0], -1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(PortalMessage.decode(new PortalMessage.Payload(new byte[0], 65535).encodeWithCounter()))
      .isEqualTo(new PortalMessage.Payload(new byte[0], 65535));
  }
}
