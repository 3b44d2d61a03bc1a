package io.ockamj.protocol.bare;

import com.fasterxml.jackson.databind.JsonNode;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.protocol.testing.Vectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * bare.json: varint round trips, encoded sizes, the 10-byte decoding rule and the slice example.
 */
class BareVectorsTest {

  private static long value(JsonNode v, String field) {
    return Long.parseUnsignedLong(v.get(field).asText(), 16);
  }

  private static Stream<DynamicTest> cases(String kind, java.util.function.Consumer<JsonNode> check) {
    return Vectors.vectors("bare.json", kind).stream()
      .map(v -> DynamicTest.dynamicTest(v.get("id").asText(), () -> check.accept(v)));
  }

  @TestFactory
  Stream<DynamicTest> varintRoundTrip() {
    return cases("varint_roundtrip", v -> {
      long value = value(v, "value_hex");
      byte[] expected = Vectors.hex(v.at("/computed/encoding_hex"));
      assertThat(Long.toUnsignedString(value)).isEqualTo(v.at("/computed/value_decimal").asText());
      assertThat(Vectors.hex(new BareWriter().varint(value).toByteArray())).isEqualTo(Vectors.hex(expected));
      BareReader r = new BareReader(expected);
      assertThat(r.varint()).isEqualTo(value);
      r.expectEnd();
    });
  }

  @TestFactory
  Stream<DynamicTest> varintSize() {
    return cases("varint_size", v -> {
      long value = value(v, "value_hex");
      int size = v.at("/computed/size").asInt();
      assertThat(BareWriter.varintSize(value)).isEqualTo(size);
      assertThat(new BareWriter().varint(value).size()).isEqualTo(size);
    });
  }

  @TestFactory
  Stream<DynamicTest> varintTenByteRule() {
    return cases("varint_decode", v -> {
      BareReader r = new BareReader(Vectors.hex(v.get("input_hex")));
      if (v.get("expected").isNull()) {
        assertThatThrownBy(r::varint).isInstanceOf(DecodeException.class);
      } else {
        assertThat(r.varint()).isEqualTo(value(v.get("expected"), "value_hex"));
        r.expectEnd();
      }
    });
  }

  @TestFactory
  Stream<DynamicTest> slice() {
    return cases("slice_roundtrip", v -> {
      byte[] data = v.get("data_text").asText().getBytes(StandardCharsets.UTF_8);
      String expected = v.at("/computed/encoding_hex").asText();
      assertThat(Vectors.hex(new BareWriter().data(data).toByteArray())).isEqualTo(expected);
      assertThat(Vectors.hex(BareWriter.encodeString(v.get("data_text").asText()))).isEqualTo(expected);
      assertThat(BareReader.decodeBytes(Vectors.hex(expected), 1024)).isEqualTo(data);
      assertThat(BareReader.decodeString(Vectors.hex(expected), 1024)).isEqualTo(v.get("data_text").asText());
    });
  }
}
