package io.ockamj.protocol;

import io.ockamj.protocol.MultiAddr.Component;
import io.ockamj.protocol.MultiAddr.Protocol;
import io.ockamj.protocol.bare.BareWriter;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.errors.DecodeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * MultiAddr parsing rules, typed errors, bounds and route conversions.
 */
class MultiAddrTest {

  @Test
  void parsingIsAsLenientAsRust() {
    assertThat(MultiAddr.parse("service/echo")).isEqualTo(MultiAddr.parse("/service/echo"));
    assertThat(MultiAddr.parse("")).isEqualTo(MultiAddr.empty());
    assertThat(MultiAddr.empty().toString()).isEmpty();
    // a missing value is the empty string, as in Rust
    MultiAddr m = MultiAddr.parse("/service");
    assertThat(m.get(0).value()).isEmpty();
    assertThat(MultiAddr.parse("/service/")).isEqualTo(m);
    assertThat(MultiAddr.parse(m.toString())).isEqualTo(m);
  }

  @Test
  void selfIsAnAliasOnlyAsTheWholeText() {
    assertThat(MultiAddr.parse(MultiAddr.SELF_ALIAS)).isEqualTo(MultiAddr.of(Component.of(Protocol.SECURE, "api")));
    assertThatThrownBy(() -> MultiAddr.parse("/self")).isInstanceOf(AddressParseException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "/ip4/256.0.0.1", "/ip4/01.2.3.4", "/ip4/1.2.3", "/ip4/1.2.3.4.5", "/ip4/", "/ip4/localhost",
    "/tcp/65536", "/tcp/-1", "/tcp/", "/tcp/+", "/tcp/8o",
    "/ip6/:::", "/ip6/1::2::3", "/ip6/12345::", "/ip6/[::1]", "/ip6/::1%eth0", "/ip6/1:2:3:4:5:6:7:8:9",
    "/ip6/1:2:3:4:5:6:7", "/ip6/1:", "/ip6/:1", "/ip6/::1.2.3", "/ip6/1:2:3:4:5:6:7:1.2.3.4", "/ip6/::١",
    "/unknown/x", "/service/echo/", "//service/x", "/", "/otcp/1", "/Service/echo"})
  void invalidTextFailsWithAddressParseException(String text) {
    assertThatThrownBy(() -> MultiAddr.parse(text)).isInstanceOf(AddressParseException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "/ip6/0:0:0:0:0:0:0:1, /ip6/::1",
    "/ip6/::, /ip6/::",
    "/ip6/2001:DB8::1, /ip6/2001:db8::1",
    "/ip6/2001:0db8:0000:0000:0000:0000:0000:0001, /ip6/2001:db8::1",
    "/ip6/1:0:0:1:0:0:0:1, /ip6/1:0:0:1::1",
    "/ip6/1:0:0:2:0:0:3:4, /ip6/1::2:0:0:3:4",
    "/ip6/1:2:3:4:5:6:7:0, /ip6/1:2:3:4:5:6:7:0",
    "/ip6/1:2:3:4:5:6:7::, /ip6/1:2:3:4:5:6:7:0",
    "/ip6/::ffff:1.2.3.4, /ip6/::ffff:1.2.3.4",
    "/ip6/::ffff:0102:0304, /ip6/::ffff:1.2.3.4",
    "/ip6/::1.2.3.4, /ip6/::102:304",
    "/tcp/+80, /tcp/80",
    "/tcp/0080, /tcp/80",
    "/ip4/0.0.0.0, /ip4/0.0.0.0"})
  void valuesAreCanonicalised(String text, String canonical) {
    MultiAddr m = MultiAddr.parse(text);
    assertThat(m.toString()).isEqualTo(canonical);
    assertThat(MultiAddr.decode(m.encode()).toString()).isEqualTo(canonical);
  }

  @Test
  void componentAndValueBounds() {
    String tooLong = "a".repeat(MultiAddr.MAX_VALUE_LENGTH + 1);
    assertThatThrownBy(() -> MultiAddr.parse("/service/" + tooLong)).isInstanceOf(AddressParseException.class);
    assertThat(MultiAddr.parse("/service/" + tooLong.substring(1)).get(0).value()).hasSize(MultiAddr.MAX_VALUE_LENGTH);
    String many = "/service/a".repeat(MultiAddr.MAX_COMPONENTS);
    assertThat(MultiAddr.parse(many).size()).isEqualTo(MultiAddr.MAX_COMPONENTS);
    assertThatThrownBy(() -> MultiAddr.parse(many + "/service/b")).isInstanceOf(AddressParseException.class);
    byte[] binary = MultiAddr.parse(many).encode();
    byte[] more = new BareWriter().fixed(binary).fixed(MultiAddr.parse("/tcp/1").encode()).toByteArray();
    assertThatThrownBy(() -> MultiAddr.decode(more)).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> Component.of(Protocol.SERVICE, "a/b")).isInstanceOf(AddressParseException.class);
    assertThatThrownBy(() -> Component.of(Protocol.SERVICE, "\ud800")).isInstanceOf(AddressParseException.class);
  }

  @Test
  void invalidBinaryFailsWithDecodeException() {
    BareWriter service = new BareWriter().varint(Protocol.SERVICE.code());
    byte[][] inputs = {
      {0x05, 1, 2},                                  // unknown code 5
      {0x04, 127, 0, 0},                             // truncated ip4
      {0x29, 0, 0},                                  // truncated ip6
      {0x06, 1},                                     // truncated tcp
      {(byte) 0x84, 0x00, 1, 2, 3, 4},               // non-minimal code varint
      {(byte) 0x80},                                 // truncated code varint
      {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x1f}, // code over u32
      new BareWriter().fixed(service.toByteArray()).varint(3).fixed(new byte[] {'a', 'b'}).toByteArray(),
      new BareWriter().fixed(service.toByteArray()).varint(MultiAddr.MAX_VALUE_LENGTH + 1L).toByteArray(),
      new BareWriter().fixed(service.toByteArray()).varint(1L << 62).toByteArray(),
      new BareWriter().fixed(service.toByteArray()).varint(-1L).toByteArray(),
      new BareWriter().fixed(service.toByteArray()).fixed(new byte[] {(byte) 0x81, 0x00, 'a'}).toByteArray(),
      new BareWriter().fixed(service.toByteArray()).data(new byte[] {(byte) 0xC3, 0x28}).toByteArray(),
      new BareWriter().fixed(service.toByteArray()).data("a/b".getBytes(StandardCharsets.UTF_8)).toByteArray(),
    };
    for (byte[] b : inputs) {
      assertThatThrownBy(() -> MultiAddr.decode(b)).as(io.ockamj.protocol.testing.Vectors.hex(b))
        .isInstanceOf(DecodeException.class);
    }
    assertThat(MultiAddr.decode(new byte[0])).isEqualTo(MultiAddr.empty());
  }

  @Test
  void cborFormIsOneByteString() {
    MultiAddr m = MultiAddr.parse("/ip4/127.0.0.1/tcp/4000");
    assertThatThrownBy(() -> MultiAddr.decodeCbor(new CborWriter().text("x").toByteArray())).isInstanceOf(DecodeException.class);
    byte[] trailing = new CborWriter().bytes(m.encode()).u64(0).toByteArray();
    assertThatThrownBy(() -> MultiAddr.decodeCbor(trailing)).isInstanceOf(DecodeException.class);
    byte[] inner = new CborWriter().bytes(new byte[] {5}).toByteArray();
    assertThatThrownBy(() -> MultiAddr.decodeCbor(inner)).isInstanceOf(DecodeException.class);
  }

  @Test
  void toTransportRoute() {
    assertThat(MultiAddr.parse("/ip4/127.0.0.1/tcp/4000/service/echo").toTransportRoute())
      .isEqualTo(Route.of(Address.tcp("127.0.0.1:4000"), Address.local("echo")));
    assertThat(MultiAddr.parse("/ip6/::1/tcp/4000/secure/api/worker/w").toTransportRoute())
      .isEqualTo(Route.of(Address.tcp("[::1]:4000"), Address.local("api"), Address.local("w")));
    assertThat(MultiAddr.parse("/dnsaddr/example.com/tcp/443/service/api").toTransportRoute())
      .isEqualTo(Route.of(Address.tcp("example.com:443"), Address.local("api")));
    assertThat(MultiAddr.empty().toTransportRoute()).isEqualTo(Route.empty());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "/node/n1/service/echo", "/project/default/service/x", "/space/s", "/ip4/127.0.0.1",
    "/ip4/127.0.0.1/service/echo", "/dnsaddr/localhost", "/tcp/4000", "/service/a/tcp/1"})
  void toTransportRouteNeedsResolvedInput(String text) {
    assertThatThrownBy(() -> MultiAddr.parse(text).toTransportRoute()).isInstanceOf(RouteConversionException.class);
  }

  @Test
  void toLocalRouteAcceptsOnlyLocalProtocols() {
    assertThat(MultiAddr.parse("/service/a/secure/b/worker/c").toLocalRoute()).isEqualTo(Route.of("a", "b", "c"));
    assertThatThrownBy(() -> MultiAddr.parse("/ip4/127.0.0.1/tcp/1").toLocalRoute()).isInstanceOf(RouteConversionException.class);
  }

  @Test
  void toSocketAddress() {
    assertThat(MultiAddr.parse("/ip6/::1/tcp/5").toSocketAddress()).isEqualTo("[::1]:5");
    assertThat(MultiAddr.parse("/ip4/10.0.0.1/tcp/5/service/x").toSocketAddress()).isEqualTo("10.0.0.1:5");
    assertThatThrownBy(() -> MultiAddr.parse("/service/x").toSocketAddress()).isInstanceOf(RouteConversionException.class);
  }

  @Test
  void fromRouteIsTheInverseOfToTransportRoute() {
    for (String text : new String[] {
      "/ip4/127.0.0.1/tcp/4000/service/echo", "/ip6/2001:db8::1/tcp/1/service/a", "/dnsaddr/localhost/tcp/4000/service/api"}) {
      MultiAddr m = MultiAddr.parse(text);
      assertThat(MultiAddr.fromRoute(m.toTransportRoute())).isEqualTo(m);
    }
    // a local address becomes /service/<address>
    assertThat(MultiAddr.fromRoute(Route.of("secure_api")).toString()).isEqualTo("/service/secure_api");
    assertThatThrownBy(() -> MultiAddr.fromAddress(Address.of(Address.UDP, "127.0.0.1:1")))
      .isInstanceOf(RouteConversionException.class);
    assertThatThrownBy(() -> MultiAddr.fromAddress(Address.tcp("no port"))).isInstanceOf(RouteConversionException.class);
  }

  @Test
  void structuralHelpers() {
    MultiAddr m = MultiAddr.parse("/dnsaddr/h/tcp/443/service/api");
    assertThat(m.matches(0, Protocol.DNSADDR, Protocol.TCP)).isTrue();
    assertThat(m.matches(2, Protocol.SERVICE)).isTrue();
    assertThat(m.matches(2, Protocol.SERVICE, Protocol.SERVICE)).isFalse();
    assertThat(m.slice(0, 2).concat(m.slice(2, 3))).isEqualTo(m);
    assertThat(m.slice(2, 3).prepend(m.get(1)).prepend(m.get(0))).isEqualTo(m);
    assertThat(MultiAddr.empty().append(m.get(0)).toString()).isEqualTo("/dnsaddr/h");
    assertThat(m.get(1).port()).isEqualTo(443);
    assertThatThrownBy(() -> m.get(0).port()).isInstanceOf(IllegalStateException.class);
    assertThat(m.hashCode()).isEqualTo(MultiAddr.decode(m.encode()).hashCode());
  }

  @Test
  void aSecureChannelListenerIsNamedByTheLastServiceHopUnlessASecureHopIsThere() {
    assertThat(MultiAddr.parse("/node/n2/service/api").toSecureChannelListenerRoute().toString()).isEqualTo("/node/n2/secure/api");
    assertThat(MultiAddr.parse("/ip4/127.0.0.1/tcp/4000/service/hop/service/api").toSecureChannelListenerRoute().toString())
      .isEqualTo("/ip4/127.0.0.1/tcp/4000/service/hop/secure/api");
    MultiAddr secure = MultiAddr.parse("/node/n2/secure/api/service/hop");
    assertThat(secure.toSecureChannelListenerRoute()).isSameAs(secure);
    MultiAddr bare = MultiAddr.parse("/ip4/127.0.0.1/tcp/4000");
    assertThat(bare.toSecureChannelListenerRoute()).isSameAs(bare);
  }
}
