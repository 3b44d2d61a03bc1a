package io.ockamj.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.ockamj.protocol.testing.Vectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * multiaddr.json: text → binary → text, components, CBOR form, the {@code self} alias and
 * {@code to_socket_addr}.
 */
class MultiAddrVectorsTest {

  @Test
  void protocolCodesMatchTheRegistry() {
    JsonNode codes = Vectors.load("multiaddr.json").get("codes");
    assertThat(codes.size()).isEqualTo(MultiAddr.Protocol.values().length);
    for (Map.Entry<String, JsonNode> e : codes.properties()) {
      MultiAddr.Protocol p = MultiAddr.Protocol.byPrefix(e.getKey());
      assertThat(p).as(e.getKey()).isNotNull();
      assertThat(p.code()).isEqualTo(e.getValue().asInt());
      assertThat(MultiAddr.Protocol.byCode(p.code())).isSameAs(p);
    }
  }

  @TestFactory
  Stream<DynamicTest> text() {
    return Vectors.vectors("multiaddr.json", "text").stream()
      .map(v -> DynamicTest.dynamicTest(v.get("id").asText(), () -> check(v)));
  }

  private static void check(JsonNode v) {
    JsonNode c = v.get("computed");
    MultiAddr m = MultiAddr.parse(v.get("text").asText());
    String display = c.get("display").asText();
    assertThat(m.toString()).isEqualTo(display);
    if (v.has("expected_display")) {
      assertThat(m.toString()).isEqualTo(v.get("expected_display").asText());
    }
    if (v.has("expected_first_component")) {
      JsonNode first = v.get("expected_first_component");
      assertThat(m.get(0).protocol().prefix()).isEqualTo(first.get(0).asText());
      assertThat(m.get(0).value()).isEqualTo(first.get(1).asText());
    }
    List<List<String>> expected = new ArrayList<>();
    c.get("components").forEach(p -> expected.add(List.of(p.get(0).asText(), p.get(1).asText())));
    List<List<String>> actual = new ArrayList<>();
    m.forEach(p -> actual.add(List.of(p.protocol().prefix(), p.value())));
    assertThat(actual).isEqualTo(expected);

    byte[] binary = Vectors.hex(c.get("binary_hex"));
    assertThat(Vectors.hex(m.encode())).isEqualTo(c.get("binary_hex").asText());
    MultiAddr decoded = MultiAddr.decode(binary);
    assertThat(decoded).isEqualTo(m);
    assertThat(decoded.toString()).isEqualTo(display);
    assertThat(MultiAddr.parse(display)).isEqualTo(m);

    assertThat(Vectors.hex(m.encodeCbor())).isEqualTo(c.get("cbor_hex").asText());
    assertThat(MultiAddr.decodeCbor(Vectors.hex(c.get("cbor_hex")))).isEqualTo(m);
  }

  @TestFactory
  Stream<DynamicTest> toSocketAddr() {
    return Vectors.vectors("multiaddr.json", "to_socket_addr").stream()
      .map(v -> DynamicTest.dynamicTest(v.get("id").asText(), () -> {
        MultiAddr m = MultiAddr.parse(v.get("text").asText());
        assertThat(m.toSocketAddress()).isEqualTo(v.at("/computed/result").asText());
      }));
  }
}
