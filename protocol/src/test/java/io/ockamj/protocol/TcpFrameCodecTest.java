package io.ockamj.protocol;

import io.ockamj.protocol.bare.BareWriter;
import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.protocol.errors.OckamException;
import io.ockamj.protocol.testing.Vectors;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The TCP frame codec without sockets: the reference example, accepted variants and malformed input.
 */
class TcpFrameCodecTest {

  /** The derived example frame of the protocol reference, section 2.2. */
  private static final String SPEC_EXAMPLE_FRAME =
    "00000017" + "83" + "81" + "820044" + "6563686f" + "81" + "820043" + "617070" + "46" + "0568656c6c6f";

  private static final TransportMessage HELLO =
    new TransportMessage(Route.of("echo"), Route.of("app"), BareWriter.encodeString("hello"), null);

  private static void assertRejected(byte[] body) {
    assertThatThrownBy(() -> TcpFrameCodec.decode(body)).as(Vectors.hex(body)).isInstanceOf(DecodeException.class);
  }

  // [onward, return, payload] with the given extra elements
  private static CborWriter frame(int elements) {
    CborWriter w = new CborWriter().array(elements);
    TcpFrameCodec.writeRoute(w, HELLO.onwardRoute());
    TcpFrameCodec.writeRoute(w, HELLO.returnRoute());
    return w.bytes(HELLO.payload());
  }

  @Test
  void specExampleFrame() {
    byte[] frame = TcpFrameCodec.encodeFrame(HELLO);
    assertThat(Vectors.hex(frame)).isEqualTo(SPEC_EXAMPLE_FRAME);
    int n = TcpFrameCodec.readFrameLength(frame, 0);
    assertThat(n).isEqualTo(frame.length - TcpFrameCodec.LENGTH_PREFIX_SIZE);
    byte[] body = Arrays.copyOfRange(frame, TcpFrameCodec.LENGTH_PREFIX_SIZE, frame.length);
    assertThat(TcpFrameCodec.encode(HELLO)).isEqualTo(body);
    assertThat(TcpFrameCodec.decode(body)).isEqualTo(HELLO);
  }

  @Test
  void acceptsThreeOrFourElementsAndNullTracing() {
    String ctx = "{\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\",\"tracestate\":\"\"}";
    TransportMessage withCtx = new TransportMessage(HELLO.onwardRoute(), HELLO.returnRoute(), HELLO.payload(), ctx);
    assertThat(TcpFrameCodec.decode(frame(3).toByteArray())).isEqualTo(HELLO);
    assertThat(TcpFrameCodec.decode(frame(4).text(ctx).toByteArray())).isEqualTo(withCtx);
    assertThat(TcpFrameCodec.decode(frame(4).nil().toByteArray())).isEqualTo(HELLO);
    assertThat(TcpFrameCodec.decode(TcpFrameCodec.encode(withCtx))).isEqualTo(withCtx);
    // minicbor is lenient about extra elements
    assertThat(TcpFrameCodec.decode(frame(5).nil().u64(7).toByteArray())).isEqualTo(HELLO);
  }

  @Test
  void acceptsIndefiniteLengthContainers() {
    byte[] definite = frame(3).toByteArray();
    // replace the outer 0x83 with 0x9f ... 0xff
    byte[] indefinite = Arrays.copyOf(definite, definite.length + 1);
    indefinite[0] = (byte) 0x9f;
    indefinite[indefinite.length - 1] = (byte) 0xff;
    assertThat(TcpFrameCodec.decode(indefinite)).isEqualTo(HELLO);
  }

  @Test
  void emptyOnwardRouteDecodes() {
    TransportMessage heartbeat = new TransportMessage(Route.empty(), Route.empty(), new byte[0], null);
    assertThat(TcpFrameCodec.decode(TcpFrameCodec.encode(heartbeat))).isEqualTo(heartbeat);
  }

  @Test
  void garbageAndTruncationFail() {
    assertRejected(new byte[0]);
    assertRejected(new byte[] {(byte) 0xff});
    assertRejected(new byte[] {(byte) 0x1c});
    assertRejected("not cbor at all".getBytes(StandardCharsets.UTF_8));
    byte[] body = TcpFrameCodec.encode(HELLO);
    for (int len = 0; len < body.length; len++) {
      assertRejected(Arrays.copyOf(body, len));
    }
    assertRejected(Arrays.copyOf(body, body.length + 1));
  }

  @Test
  void wrongTypesFail() {
    assertRejected(new CborWriter().map(0).toByteArray());
    assertRejected(new CborWriter().array(2).array(0).array(0).toByteArray());
    // payload as text
    CborWriter w = new CborWriter().array(3).array(0).array(0).text("hello");
    assertRejected(w.toByteArray());
    // route that is not an array
    assertRejected(new CborWriter().array(3).bytes(new byte[0]).array(0).bytes(new byte[0]).toByteArray());
    // address with one element, address as a map, inner address as text
    assertRejected(new CborWriter().array(3).array(1).array(1).u64(0).array(0).bytes(new byte[0]).toByteArray());
    assertRejected(new CborWriter().array(3).array(1).map(0).array(0).bytes(new byte[0]).toByteArray());
    assertRejected(new CborWriter().array(3).array(1).array(2).u64(0).text("echo").array(0).bytes(new byte[0]).toByteArray());
    // tracing context that is not text, or invalid UTF-8
    assertRejected(frame(4).u64(1).toByteArray());
    byte[] bad = frame(4).text("ab").toByteArray();
    bad[bad.length - 1] = (byte) 0xC3;
    assertRejected(bad);
  }

  @Test
  void transportTypeMustFitInAByte() {
    for (long tt : new long[] {256, 65536, Long.MAX_VALUE, -1L}) {
      CborWriter w = new CborWriter().array(3).array(1).array(2).u64(tt).bytes(new byte[] {'x'});
      assertRejected(w.array(0).bytes(new byte[0]).toByteArray());
    }
    CborWriter negative = new CborWriter().array(3).array(1).array(2).i64(-1).bytes(new byte[] {'x'});
    assertRejected(negative.array(0).bytes(new byte[0]).toByteArray());
    CborWriter max = new CborWriter().array(3).array(1).array(2).u64(255).bytes(new byte[] {'x'});
    TransportMessage m = TcpFrameCodec.decode(max.array(0).bytes(new byte[0]).toByteArray());
    assertThat(m.onwardRoute().next().transportType()).isEqualTo(255);
  }

  @Test
  void oversizedAnnouncementsFailBeforeAllocating() {
    // payload bstr header claiming 2^31 bytes, then nothing
    byte[] prefix = new CborWriter().array(3).array(0).array(0).toByteArray();
    byte[] huge = Arrays.copyOf(prefix, prefix.length + 5);
    huge[prefix.length] = 0x5a;
    huge[prefix.length + 1] = (byte) 0x80;
    assertRejected(huge);
    // 8-byte bstr length 2^63 + 1 and 2^64 - 1
    for (long len : new long[] {Long.MIN_VALUE + 1, -1L}) {
      byte[] b = Arrays.copyOf(prefix, prefix.length + 9);
      b[prefix.length] = 0x5b;
      for (int i = 0; i < 8; i++) {
        b[prefix.length + 1 + i] = (byte) (len >>> (56 - 8 * i));
      }
      assertRejected(b);
    }
    // array header claiming 2^31 elements
    assertRejected(new byte[] {(byte) 0x9a, (byte) 0x80, 0, 0, 0});
    assertRejected(new byte[] {(byte) 0x83, (byte) 0x9a, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
    // an address longer than the inner limit, with the bytes present
    CborWriter w = new CborWriter().array(3).array(1).array(2).u64(0).bytes(new byte[Address.MAX_INNER_LENGTH + 1]);
    assertRejected(w.array(0).bytes(new byte[0]).toByteArray());
  }

  @Test
  void routeHopLimit() {
    List<Address> hops = new ArrayList<>();
    for (int i = 0; i <= Route.MAX_HOPS; i++) {
      hops.add(Address.local("h" + i));
    }
    TransportMessage tooLong = new TransportMessage(Route.of(hops), Route.empty(), new byte[0], null);
    assertRejected(TcpFrameCodec.encode(tooLong));
    TransportMessage atLimit = new TransportMessage(Route.of(hops.subList(0, Route.MAX_HOPS)), Route.empty(), new byte[0], null);
    assertThat(TcpFrameCodec.decode(TcpFrameCodec.encode(atLimit))).isEqualTo(atLimit);
    // indefinite-length route: the limit is enforced while reading
    CborWriter w = new CborWriter().array(3).raw(new byte[] {(byte) 0x9f});
    for (Address a : hops) {
      TcpFrameCodec.writeAddress(w, a);
    }
    assertRejected(w.raw(new byte[] {(byte) 0xff}).array(0).bytes(new byte[0]).toByteArray());
  }

  @Test
  void frameSizeLimit() {
    byte[] over = new byte[TcpFrameCodec.MAX_MESSAGE_SIZE + 1];
    assertRejected(over);
    assertThatThrownBy(() -> TcpFrameCodec.readFrameLength(new byte[] {1, 0, 0, 1}, 0)).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> TcpFrameCodec.readFrameLength(new byte[] {-1, -1, -1, -1}, 0)).isInstanceOf(DecodeException.class);
    assertThat(TcpFrameCodec.readFrameLength(new byte[] {9, 1, 0, 0, 0}, 1)).isEqualTo(TcpFrameCodec.MAX_MESSAGE_SIZE);
    TransportMessage big = new TransportMessage(Route.empty(), Route.empty(), new byte[TcpFrameCodec.MAX_MESSAGE_SIZE], null);
    assertThatThrownBy(() -> TcpFrameCodec.encodeFrame(big)).isInstanceOf(OckamException.class);
    assertThatThrownBy(() -> TcpFrameCodec.encodeFrameParts(big)).isInstanceOf(OckamException.class);
  }

  @Test
  void routeHelpersRoundTrip() {
    Route r = Route.parse("1#127.0.0.1:4000 => 0#echo => 7#x");
    CborWriter w = new CborWriter();
    TcpFrameCodec.writeRoute(w, r);
    CborReader reader = new CborReader(w.toByteArray());
    assertThat(TcpFrameCodec.readRoute(reader)).isEqualTo(r);
    reader.expectEnd();
  }
}
