package io.ockamj.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.testing.Vectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * routes.json: address parsing and encodings (BARE and CBOR), route parsing and encodings, and the
 * Rust route operations replayed on our immutable {@link Route}.
 */
class RoutesVectorsTest {

  private static Stream<DynamicTest> cases(String kind, Consumer<JsonNode> check) {
    return Vectors.vectors("routes.json", kind).stream()
      .map(v -> DynamicTest.dynamicTest(v.get("id").asText(), () -> check.accept(v)));
  }

  private static Route route(JsonNode list) {
    List<Address> hops = new ArrayList<>();
    list.forEach(a -> hops.add(Address.parse(a.asText())));
    return Route.of(hops);
  }

  private static List<String> texts(Route r) {
    List<String> out = new ArrayList<>();
    r.forEach(a -> out.add(a.toString()));
    return out;
  }

  private static List<String> texts(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(a -> out.add(a.asText()));
    return out;
  }

  private static byte[] cbor(Address a) {
    CborWriter w = new CborWriter();
    TcpFrameCodec.writeAddress(w, a);
    return w.toByteArray();
  }

  private static byte[] cbor(Route r) {
    CborWriter w = new CborWriter();
    TcpFrameCodec.writeRoute(w, r);
    return w.toByteArray();
  }

  // checks the BARE and CBOR forms both ways
  private static void checkEncodings(Address a, String bareHex, String cborHex) {
    if (bareHex != null) {
      assertThat(Vectors.hex(LegacyTransportMessageCodec.encodeAddress(a))).isEqualTo(bareHex);
      assertThat(LegacyTransportMessageCodec.decodeAddress(Vectors.hex(bareHex))).isEqualTo(a);
    }
    if (cborHex != null) {
      assertThat(Vectors.hex(cbor(a))).isEqualTo(cborHex);
      CborReader r = new CborReader(Vectors.hex(cborHex));
      assertThat(TcpFrameCodec.readAddress(r)).isEqualTo(a);
      r.expectEnd();
    }
  }

  private static String text(JsonNode v, String pointer) {
    JsonNode n = v.at(pointer);
    return n.isMissingNode() || n.isNull() ? null : n.asText();
  }

  @TestFactory
  Stream<DynamicTest> addressParse() {
    return cases("address_parse", v -> {
      String text = v.get("text").asText();
      JsonNode expected = v.get("expected");
      if (expected.has("error")) {
        assertThatThrownBy(() -> Address.parse(text)).isInstanceOf(AddressParseException.class);
        return;
      }
      Address a = Address.parse(text);
      assertThat(a.transportType()).isEqualTo(expected.get("transport_type").asInt());
      assertThat(a.innerText()).isEqualTo(expected.get("inner_text").asText());
      assertThat(a.toString()).isEqualTo(v.at("/computed/display").asText());
      assertThat(Address.parse(a.toString())).isEqualTo(a);
      checkEncodings(a, text(v, "/computed/bare_hex"), text(v, "/computed/cbor_hex"));
    });
  }

  @TestFactory
  Stream<DynamicTest> addressEncode() {
    return cases("address_encode", v -> {
      Address a = Address.parse(v.get("text").asText());
      String bare = text(v, "/expected_bare_hex") != null ? text(v, "/expected_bare_hex") : text(v, "/computed/bare_hex");
      assertThat(bare).isNotNull();
      checkEncodings(a, bare, text(v, "/computed/cbor_hex"));
    });
  }

  @TestFactory
  Stream<DynamicTest> routeEncode() {
    return cases("route_encode", v -> {
      Route r = route(v.get("route"));
      String bare = v.at("/computed/bare_hex").asText();
      String cbor = v.at("/computed/cbor_hex").asText();
      assertThat(r.toString()).isEqualTo(v.at("/computed/display").asText());
      assertThat(Route.parse(r.toString())).isEqualTo(r);
      assertThat(Vectors.hex(LegacyTransportMessageCodec.encodeRoute(r))).isEqualTo(bare);
      assertThat(LegacyTransportMessageCodec.decodeRoute(Vectors.hex(bare))).isEqualTo(r);
      assertThat(Vectors.hex(cbor(r))).isEqualTo(cbor);
      CborReader reader = new CborReader(Vectors.hex(cbor));
      assertThat(TcpFrameCodec.readRoute(reader)).isEqualTo(r);
      reader.expectEnd();
    });
  }

  @TestFactory
  Stream<DynamicTest> routeParse() {
    return cases("route_parse", v -> {
      String text = v.get("text").asText();
      if (v.get("expected").isNull()) {
        assertThatThrownBy(() -> Route.parse(text)).isInstanceOf(AddressParseException.class);
        return;
      }
      Route r = Route.parse(text);
      assertThat(texts(r)).isEqualTo(texts(v.get("expected")));
    });
  }

  @TestFactory
  Stream<DynamicTest> routeOps() {
    return cases("route_ops", v -> {
      // Rust mutates the route in place; we replace our immutable route after each step
      Route r = v.has("route") ? route(v.get("route")) : Route.parse(v.get("text").asText());
      for (JsonNode step : v.get("steps")) {
        String op = step.get("op").asText();
        JsonNode expect = step.get("expect");
        boolean error = expect.isTextual() && expect.asText().equals("error");
        Route current = r;
        switch (op) {
          case "next":
          case "recipient": {
            if (error) {
              assertThatThrownBy(() -> {
                Address ignored = op.equals("next") ? current.next() : current.recipient();
              }).isInstanceOf(IllegalStateException.class);
            } else {
              Address got = op.equals("next") ? r.next() : r.recipient();
              assertThat(got.toString()).isEqualTo(expect.asText());
            }
            break;
          }
          case "step": {
            // Rust's step() pops and returns the first hop
            if (error) {
              assertThatThrownBy(current::step).isInstanceOf(IllegalStateException.class);
            } else {
              Address popped = r.next();
              r = r.step();
              assertThat(popped.toString()).isEqualTo(expect.asText());
            }
            break;
          }
          case "prepend_route":
            r = r.prepend(route(step.get("route")));
            assertThat(texts(r)).isEqualTo(texts(expect));
            break;
          case "contains_route": {
            Route needle = route(step.get("route"));
            if (error) {
              assertThatThrownBy(() -> current.containsRoute(needle)).isInstanceOf(IllegalArgumentException.class);
            } else {
              assertThat(r.containsRoute(needle)).isEqualTo(expect.asBoolean());
            }
            break;
          }
          default:
            throw new AssertionError("unknown op " + op);
        }
      }
    });
  }
}
