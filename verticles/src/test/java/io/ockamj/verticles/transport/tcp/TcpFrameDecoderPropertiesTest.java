package io.ockamj.verticles.transport.tcp;

import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.TcpFrameCodec;
import io.ockamj.protocol.TransportMessage;
import io.ockamj.protocol.errors.DecodeException;
import io.vertx.core.buffer.Buffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream decoder against the whole-body codec: whatever the frame sizes (small bodies, large
 * bodies decoded head first, large bodies whose routes do not fit in the head bytes) and however the
 * stream is cut into reads, it yields exactly the messages that were framed.
 */
class TcpFrameDecoderPropertiesTest {

  @Provide
  Arbitrary<TransportMessage> messages() {
    Arbitrary<Address> address = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(40).map(Address::local);
    // up to 40 hops of up to 40 characters: sometimes more than the decoder's head bytes
    Arbitrary<Route> route = address.list().ofMaxSize(40).map(Route::of);
    Arbitrary<byte[]> payload = Arbitraries.oneOf(
      Arbitraries.bytes().array(byte[].class).ofMaxSize(64),
      Arbitraries.integers().between(TcpFrameDecoder.STREAMING_MIN_BODY - 64, 70_000).map(n -> {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
          b[i] = (byte) (i * 31 + n);
        }
        return b;
      }));
    Arbitrary<String> tracing = Arbitraries.strings().ascii().ofMaxLength(60).injectNull(0.6);
    return Combinators.combine(route, route, payload, tracing).as(TransportMessage::new);
  }

  @Property(tries = 150)
  void anyCutOfAnyFramesYieldsTheFramedMessages(@ForAll @Size(min = 1, max = 6) List<@net.jqwik.api.From("messages") TransportMessage> sent,
                                               @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 9000) Integer> cuts) {
    Buffer stream = Buffer.buffer().appendByte((byte) TcpFrameCodec.PROTOCOL_VERSION);
    for (TransportMessage m : sent) {
      stream.appendBytes(TcpFrameCodec.encodeFrame(m));
    }
    List<TransportMessage> received = new ArrayList<>();
    List<DecodeException> errors = new ArrayList<>();
    TcpFrameDecoder decoder = new TcpFrameDecoder(TcpFrameCodec.MAX_MESSAGE_SIZE, received::add, errors::add);
    int pos = 0;
    int i = 0;
    while (pos < stream.length()) {
      int end = Math.min(stream.length(), pos + cuts.get(i++ % cuts.size()));
      decoder.handle(stream.getBuffer(pos, end));
      pos = end;
    }
    assertThat(errors).isEmpty();
    assertThat(received).containsExactlyElementsOf(sent);
    assertThat(decoder.end()).isNull();
  }

  @Property(tries = 100)
  void aStreamCutShortReportsHowMuchOfTheFrameArrived(@ForAll("messages") TransportMessage m,
                                                      @ForAll @IntRange(min = 1, max = 100_000) int keep) {
    byte[] frame = TcpFrameCodec.encodeFrame(m);
    int body = frame.length - TcpFrameCodec.LENGTH_PREFIX_SIZE;
    int k = TcpFrameCodec.LENGTH_PREFIX_SIZE + Math.min(keep, body - 1) % body;
    List<TransportMessage> received = new ArrayList<>();
    TcpFrameDecoder decoder = new TcpFrameDecoder(TcpFrameCodec.MAX_MESSAGE_SIZE, received::add, e -> { });
    decoder.handle(Buffer.buffer().appendByte((byte) TcpFrameCodec.PROTOCOL_VERSION).appendBytes(frame, 0, k));
    assertThat(received).isEmpty();
    assertThat(decoder.end()).isEqualTo("connection closed in the middle of a frame ("
      + (k - TcpFrameCodec.LENGTH_PREFIX_SIZE) + " of " + body + " bytes received)");
  }
}
