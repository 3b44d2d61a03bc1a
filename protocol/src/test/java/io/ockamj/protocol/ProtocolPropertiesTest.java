package io.ockamj.protocol;

import io.ockamj.protocol.MultiAddr.Component;
import io.ockamj.protocol.MultiAddr.Protocol;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round-trip properties of the codecs and text forms: TCP frames, legacy transport messages,
 * multiaddr text and binary, and address/route text.
 */
class ProtocolPropertiesTest {

  private static boolean isWellFormed(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(s);
  }

  private static Arbitrary<Address> addresses() {
    return Combinators.combine(
      Arbitraries.integers().between(0, 255),
      Arbitraries.bytes().array(byte[].class).ofMaxSize(40)).as(Address::of);
  }

  private static Arbitrary<Route> routes() {
    return addresses().list().ofMaxSize(6).map(Route::of);
  }

  @Provide
  Arbitrary<TransportMessage> messages() {
    return Combinators.combine(
      routes(), routes(),
      Arbitraries.bytes().array(byte[].class).ofMaxSize(500),
      Arbitraries.strings().ofMaxLength(80).filter(ProtocolPropertiesTest::isWellFormed).injectNull(0.5))
      .as(TransportMessage::new);
  }

  @Property
  void tcpFrameRoundTrips(@ForAll("messages") TransportMessage m) {
    assertThat(TcpFrameCodec.decode(TcpFrameCodec.encode(m))).isEqualTo(m);
    byte[] frame = TcpFrameCodec.encodeFrame(m);
    int n = TcpFrameCodec.readFrameLength(frame, 0);
    assertThat(n).isEqualTo(frame.length - TcpFrameCodec.LENGTH_PREFIX_SIZE);
    assertThat(TcpFrameCodec.decode(Arrays.copyOfRange(frame, 4, frame.length))).isEqualTo(m);
  }

  @Property
  void headThenPayloadAndTailDecodeAsTheWholeBody(@ForAll("messages") TransportMessage m,
                                                 @ForAll @IntRange(min = 1, max = 1024) int headBytes) {
    byte[] body = TcpFrameCodec.encode(m);
    int available = Math.min(headBytes, body.length);
    TcpFrameCodec.FrameHead head = TcpFrameCodec.decodeHead(body, 0, available, body.length);
    if (head == null) {
      // only when the head did not fit in the bytes given
      assertThat(TcpFrameCodec.decodeHead(body, 0, body.length, body.length)).isNotNull();
      return;
    }
    assertThat(head.headLength()).isLessThanOrEqualTo(available);
    assertThat(head.payloadLength()).isEqualTo(m.payload().length);
    byte[] tail = Arrays.copyOfRange(body, head.headLength() + head.payloadLength(), body.length);
    assertThat(TcpFrameCodec.decode(head, m.payload().clone(), tail)).isEqualTo(m);
  }

  @Property
  void frameAroundThePayloadIsTheWholeFrame(@ForAll("messages") TransportMessage m) {
    TcpFrameCodec.FrameParts parts = TcpFrameCodec.encodeFrameParts(m);
    byte[] joined = new byte[parts.frameSize()];
    System.arraycopy(parts.prefix(), 0, joined, 0, parts.prefix().length);
    System.arraycopy(m.payload(), 0, joined, parts.prefix().length, m.payload().length);
    System.arraycopy(parts.suffix(), 0, joined, parts.prefix().length + m.payload().length, parts.suffix().length);
    assertThat(joined).isEqualTo(TcpFrameCodec.encodeFrame(m));
  }

  @Property
  void legacyTransportMessageRoundTrips(@ForAll("messages") TransportMessage m, @ForAll @IntRange(min = 1, max = 2) int version) {
    LegacyTransportMessage d = LegacyTransportMessageCodec.decode(LegacyTransportMessageCodec.encode(version, m));
    assertThat(d.version()).isEqualTo(version);
    // version 1 carries no tracing context
    TransportMessage expected = version == 1
      ? new TransportMessage(m.onwardRoute(), m.returnRoute(), m.payload(), null) : m;
    assertThat(d.message()).isEqualTo(expected);
    TransportMessage plain = new TransportMessage(m.onwardRoute(), m.returnRoute(), m.payload(), null);
    assertThat(LegacyTransportMessageCodec.decode(LegacyTransportMessageCodec.encodeWithoutTracingFlag(version, plain)).message())
      .isEqualTo(plain);
  }

  @Property
  void legacyRouteRoundTrips(@ForAll("routeArbitrary") Route r) {
    assertThat(LegacyTransportMessageCodec.decodeRoute(LegacyTransportMessageCodec.encodeRoute(r))).isEqualTo(r);
  }

  @Provide
  Arbitrary<Route> routeArbitrary() {
    return routes();
  }

  // address texts survive Address.toString → Address.parse and Route.toString → Route.parse
  @Provide
  Arbitrary<Address> textAddresses() {
    Arbitrary<String> inner = Arbitraries.strings().ofMaxLength(20)
      .filter(s -> s.indexOf('#') < 0 && isWellFormed(s));
    return Combinators.combine(Arbitraries.integers().between(0, 255), inner).as(Address::of);
  }

  @Property
  void addressTextRoundTrips(@ForAll("textAddresses") Address a) {
    assertThat(Address.parse(a.toString())).isEqualTo(a);
    if (a.isLocal()) {
      assertThat(Address.parse(a.innerText())).isEqualTo(a);
    }
  }

  @Provide
  Arbitrary<Route> textRoutes() {
    Arbitrary<String> inner = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars("-_.:[]>=").ofMaxLength(12)
      .filter(s -> !s.contains("=>"));
    return Combinators.combine(Arbitraries.integers().between(0, 255), inner).as(Address::of)
      .list().ofMinSize(1).ofMaxSize(6).map(Route::of);
  }

  @Property
  void routeTextRoundTrips(@ForAll("textRoutes") Route r) {
    assertThat(Route.parse(r.toString())).isEqualTo(r);
    assertThat(Route.parse(r.toString().replace(" => ", "=>"))).isEqualTo(r);
  }

  private static Arbitrary<byte[]> ip6Bytes() {
    // groups are often zero, to exercise "::" compression
    Arbitrary<Integer> group = Arbitraries.frequencyOf(
      net.jqwik.api.Tuple.of(2, Arbitraries.just(0)),
      net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 0xFFFF)));
    return group.list().ofSize(8).map(gs -> {
      byte[] b = new byte[16];
      for (int i = 0; i < 8; i++) {
        b[2 * i] = (byte) (gs.get(i) >>> 8);
        b[2 * i + 1] = (byte) (int) gs.get(i);
      }
      return b;
    });
  }

  @Provide
  Arbitrary<MultiAddr> multiAddrs() {
    Arbitrary<String> name = Arbitraries.strings().ofMaxLength(24)
      .filter(s -> s.indexOf('/') < 0 && isWellFormed(s));
    Arbitrary<Component> component = Arbitraries.oneOf(
      Arbitraries.bytes().array(byte[].class).ofSize(4).map(b -> Component.fromBytes(Protocol.IP4, b)),
      ip6Bytes().map(b -> Component.fromBytes(Protocol.IP6, b)),
      Arbitraries.integers().between(0, 0xFFFF).map(Component::tcp),
      Combinators.combine(
        Arbitraries.of(Protocol.DNSADDR, Protocol.SERVICE, Protocol.NODE, Protocol.PROJECT, Protocol.SPACE,
          Protocol.SECURE, Protocol.WORKER),
        name).as(Component::of));
    return component.list().ofMaxSize(8).map(MultiAddr::of);
  }

  @Property
  void multiAddrTextRoundTrips(@ForAll("multiAddrs") MultiAddr m) {
    String text = m.toString();
    MultiAddr parsed = MultiAddr.parse(text);
    assertThat(parsed).isEqualTo(m);
    assertThat(parsed.toString()).isEqualTo(text);
  }

  @Property
  void multiAddrBinaryRoundTrips(@ForAll("multiAddrs") MultiAddr m) {
    byte[] b = m.encode();
    MultiAddr decoded = MultiAddr.decode(b);
    assertThat(decoded).isEqualTo(m);
    assertThat(decoded.encode()).isEqualTo(b);
    assertThat(MultiAddr.decodeCbor(m.encodeCbor())).isEqualTo(m);
  }

  @Property
  void ip6FormattingAgreesWithTheJdk(@ForAll("ip6") byte[] b) throws Exception {
    String text = IpLiterals.formatIpv6(b);
    assertThat(IpLiterals.parseIpv6(text)).isEqualTo(b);
    // the JDK parses IPv6 literals without DNS; it maps ::ffff:a.b.c.d to an Inet4Address
    byte[] jdk = InetAddress.getByName("[" + text + "]").getAddress();
    assertThat(jdk).isEqualTo(jdk.length == 4 ? Arrays.copyOfRange(b, 12, 16) : b);
    // our parser also reads the JDK's uncompressed form
    String full = InetAddress.getByAddress(b).getHostAddress();
    assertThat(IpLiterals.parseIpv6(full.contains(":") ? full : "::ffff:" + full)).isEqualTo(b);
  }

  @Provide
  Arbitrary<byte[]> ip6() {
    return ip6Bytes();
  }

  @Property
  void hostnamePortRoundTrips(@ForAll("multiAddrs") MultiAddr m) {
    if (m.size() >= 2 && m.get(0).protocol().isHost() && m.get(1).protocol() == Protocol.TCP
        && (m.get(0).protocol() != Protocol.DNSADDR
          || HostnamePort.isValidHostname(m.get(0).value()) && IpLiterals.parseIpv4(m.get(0).value()) == null)) {
      // (a dnsaddr that looks like an IPv4 literal would come back as ip4)
      String socket = m.toSocketAddress();
      assertThat(HostnamePort.parse(socket).toString()).isEqualTo(socket);
      assertThat(MultiAddr.fromAddress(Address.tcp(socket))).isEqualTo(m.slice(0, 2));
    }
  }
}
