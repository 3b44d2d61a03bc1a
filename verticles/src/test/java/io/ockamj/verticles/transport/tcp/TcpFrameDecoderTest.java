package io.ockamj.verticles.transport.tcp;

import io.ockamj.protocol.Route;
import io.ockamj.protocol.TcpFrameCodec;
import io.ockamj.protocol.TransportMessage;
import io.ockamj.protocol.errors.DecodeException;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The TCP stream decoder, fed bytes directly: no sockets. */
class TcpFrameDecoderTest {

  private final List<TransportMessage> messages = new ArrayList<>();
  private final List<DecodeException> errors = new ArrayList<>();
  private final TcpFrameDecoder decoder = new TcpFrameDecoder(TcpFrameCodec.MAX_MESSAGE_SIZE, messages::add, errors::add);

  private static Buffer frame(TransportMessage m) {
    byte[] body = TcpFrameCodec.encode(m);
    return Buffer.buffer().appendInt(body.length).appendBytes(body);
  }

  private static TransportMessage msg(String payload) {
    return new TransportMessage(Route.of("echo"), Route.of("app"), payload.getBytes(), null);
  }

  @Test
  void decodesFramesSplitAtEveryByteBoundary() {
    Buffer all = Buffer.buffer().appendByte((byte) 1).appendBuffer(frame(msg("one"))).appendBuffer(frame(msg("two")));
    for (int i = 0; i < all.length(); i++) {
      decoder.handle(all.slice(i, i + 1));
    }
    assertThat(errors).isEmpty();
    assertThat(messages).containsExactly(msg("one"), msg("two"));
    assertThat(decoder.end()).isNull();
  }

  @Test
  void decodesManyFramesInOneChunk() {
    Buffer all = Buffer.buffer().appendByte((byte) 1);
    for (int i = 0; i < 100; i++) {
      all.appendBuffer(frame(msg("m" + i)));
    }
    decoder.handle(all);
    assertThat(messages).hasSize(100);
    assertThat(decoder.frames()).isEqualTo(100);
  }

  @Test
  void wrongVersionByteIsAnError() {
    decoder.handle(Buffer.buffer().appendByte((byte) 2).appendBuffer(frame(msg("x"))));
    assertThat(errors).singleElement().extracting(Throwable::getMessage).asString().contains("invalid TCP protocol version 2");
    assertThat(messages).isEmpty();
  }

  @Test
  void lengthOverTheLimitIsRejectedBeforeAllocating() {
    decoder.handle(Buffer.buffer().appendByte((byte) 1).appendInt(0x7FFFFFFF));
    assertThat(errors).singleElement().extracting(Throwable::getMessage).asString().contains("exceeds the limit");
    decoder.handle(Buffer.buffer().appendInt(-1));
    assertThat(errors).hasSize(1);
  }

  @Test
  void lengthEqualToTheLimitIsAccepted() {
    TcpFrameDecoder small = new TcpFrameDecoder(64, messages::add, errors::add);
    byte[] body = TcpFrameCodec.encode(msg("a".repeat(20)));
    TcpFrameDecoder exact = new TcpFrameDecoder(body.length, messages::add, errors::add);
    exact.handle(Buffer.buffer().appendByte((byte) 1).appendInt(body.length).appendBytes(body));
    assertThat(errors).isEmpty();
    assertThat(messages).hasSize(1);
    small.handle(Buffer.buffer().appendByte((byte) 1).appendInt(65));
    assertThat(errors).hasSize(1);
  }

  @Test
  void garbageCborIsAnError() {
    decoder.handle(Buffer.buffer().appendByte((byte) 1).appendInt(3).appendBytes(new byte[] {(byte) 0xff, 0x00, 0x13}));
    assertThat(errors).singleElement().extracting(Throwable::getMessage).asString().contains("undecodable TCP frame #1");
  }

  @Test
  void emptyFrameIsAnError() {
    decoder.handle(Buffer.buffer().appendByte((byte) 1).appendInt(0));
    assertThat(errors).hasSize(1);
  }

  @Test
  void truncatedFrameIsReportedAtEnd() {
    Buffer f = frame(msg("truncated"));
    decoder.handle(Buffer.buffer().appendByte((byte) 1).appendBuffer(f.slice(0, f.length() - 3)));
    assertThat(messages).isEmpty();
    assertThat(decoder.end()).contains("in the middle of a frame");
  }

  @Test
  void transportTypeOverAByteIsAnError() {
    // [[[256, h'65']], [], h'']
    byte[] body = {(byte) 0x83, (byte) 0x81, (byte) 0x82, 0x19, 0x01, 0x00, 0x41, 0x65, (byte) 0x80, 0x40};
    decoder.handle(Buffer.buffer().appendByte((byte) 1).appendInt(body.length).appendBytes(body));
    assertThat(errors).hasSize(1);
  }

  @Test
  void nothingIsDecodedAfterAnError() {
    decoder.handle(Buffer.buffer().appendByte((byte) 9));
    decoder.handle(frame(msg("later")));
    assertThat(messages).isEmpty();
    assertThat(errors).hasSize(1);
    assertThat(decoder.failed()).isTrue();
  }

  @Test
  void aLargeFrameWithGarbageAfterItsPayloadIsAnError() {
    TransportMessage big = new TransportMessage(Route.of("echo"), Route.of("app"), new byte[10_000], null);
    byte[] body = TcpFrameCodec.encode(big);
    byte[] bad = java.util.Arrays.copyOf(body, body.length + 1);
    bad[body.length] = (byte) 0xFF; // a stray break after the third element of a definite array
    decoder.handle(Buffer.buffer().appendByte((byte) 1).appendInt(bad.length).appendBytes(bad).appendBytes(frame(msg("after")).getBytes()));
    assertThat(errors).singleElement().extracting(Throwable::getMessage).asString().contains("undecodable TCP frame #1");
    assertThat(messages).isEmpty();
  }

  @Test
  void aLargeFrameWhosePayloadClaimsMoreThanTheBodyIsAnError() {
    TransportMessage big = new TransportMessage(Route.of("echo"), Route.of("app"), new byte[10_000], null);
    byte[] body = TcpFrameCodec.encode(big);
    // announce a body shorter than the payload's own length
    decoder.handle(Buffer.buffer().appendByte((byte) 1).appendInt(body.length - 100).appendBytes(body, 0, body.length - 100));
    assertThat(errors).singleElement().extracting(Throwable::getMessage).asString().contains("undecodable TCP frame #1");
  }

  @Test
  void aLargeFrameWithAChunkedPayloadDecodesThroughTheWholeBody() {
    byte[] chunk = new byte[3000];
    java.util.Arrays.fill(chunk, (byte) 7);
    io.ockamj.protocol.cbor.CborWriter w = new io.ockamj.protocol.cbor.CborWriter().array(3);
    TcpFrameCodec.writeRoute(w, Route.of("echo"));
    TcpFrameCodec.writeRoute(w, Route.of("app"));
    byte[] head = w.toByteArray();
    Buffer body = Buffer.buffer().appendBytes(head).appendByte((byte) 0x5F) // indefinite-length byte string
      .appendBytes(new io.ockamj.protocol.cbor.CborWriter().bytes(chunk).toByteArray())
      .appendBytes(new io.ockamj.protocol.cbor.CborWriter().bytes(chunk).toByteArray())
      .appendByte((byte) 0xFF);
    decoder.handle(Buffer.buffer().appendByte((byte) 1).appendInt(body.length()).appendBuffer(body));
    assertThat(errors).isEmpty();
    assertThat(messages).singleElement().extracting(TransportMessage::payload).asInstanceOf(
      org.assertj.core.api.InstanceOfAssertFactories.BYTE_ARRAY).hasSize(6000);
  }
}
