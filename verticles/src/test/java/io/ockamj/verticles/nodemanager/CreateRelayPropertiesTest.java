package io.ockamj.verticles.nodemanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.ockamj.protocol.AddressParseException;
import io.ockamj.protocol.errors.DecodeException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.HashMap;
import java.util.Map;

/**
 * Any {@code POST /node/relay} body (fields of any kind, present or not) is read into a request or
 * refused with the errors the node answers 400 to ({@link DecodeException},
 * {@link IllegalArgumentException}, {@link AddressParseException}), never another exception.
 */
class CreateRelayPropertiesTest {

  private static final String[] FIELDS = {"name", "at", "authorized", "relay_address", "return_timing", "timeout_ms"};

  @Provide
  Arbitrary<Object> value() {
    return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80).map(s -> (Object) s),
      Arbitraries.of("/node/relay", "/ip4/127.0.0.1/tcp/4000", "I" + "ab".repeat(32), "Immediately", "AfterConnection")
        .map(s -> (Object) s),
      Arbitraries.longs().map(l -> (Object) l), Arbitraries.just(true), Arbitraries.just(null),
      Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(b -> (Object) b));
  }

  @Property
  void anyBodyIsReadOrRefusedAsABadRequest(@ForAll("value") Object name, @ForAll("value") Object at,
                                           @ForAll("value") Object authorized, @ForAll("value") Object relayAddress,
                                           @ForAll("value") Object timing, @ForAll("value") Object timeout) {
    Object[] values = {name, at, authorized, relayAddress, timing, timeout};
    Map<String, Object> body = new HashMap<>();
    for (int i = 0; i < FIELDS.length; i++) {
      if (values[i] != null) {
        body.put(FIELDS[i], values[i]);
      }
    }
    try {
      CreateRelay r = ResourceRequests.createRelay(body);
      assertThat(r.at()).isNotNull();
      assertThat(r.remoteAddress()).startsWith("forward_to_");
      assertThat(r.timeout().toMillis()).isBetween(1L, 600_000L);
    } catch (DecodeException | IllegalArgumentException | AddressParseException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }
}
