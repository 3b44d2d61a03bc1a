package io.ockamj.verticles.transport.tcp;

import io.ockamj.protocol.TcpFrameCodec;
import io.ockamj.protocol.TransportMessage;
import io.ockamj.protocol.errors.DecodeException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Splits the byte stream of an Ockam TCP connection into messages: first the one-byte protocol
 * version (must be 1), then frames of a u32 big-endian length and a CBOR body.
 * <p>
 * The length is checked against the limit before the body is allocated. After the first error the
 * decoder reports it once and ignores everything that follows; the connection is to be closed.
 * Not thread safe: feed it from the socket's context.
 */
public final class TcpFrameDecoder implements Handler<Buffer> {

  /**
   * Bodies at least this large are decoded as they arrive: head first, then the payload straight into
   * its own array, so that the body is not held in a second array that the payload is copied out of.
   */
  static final int STREAMING_MIN_BODY = 2048;
  /**
   * The bytes collected to decode a streamed body's head (routes of ordinary length fit easily);
   * less than {@link #STREAMING_MIN_BODY}, so a streamed body always has more bytes than these.
   */
  static final int HEAD_BYTES = 1024;
  private static final byte[] EMPTY = new byte[0];

  private enum State { VERSION, LENGTH, BODY, HEAD, PAYLOAD, TAIL, FAILED }

  private final int maxFrameSize;
  private final Consumer<TransportMessage> messageHandler;
  private final Consumer<DecodeException> errorHandler;
  private State state = State.VERSION;
  private final byte[] header = new byte[4];
  private int headerPos;
  // the body being received: its length and how much of it has arrived (whatever the state)
  private int bodyLength;
  private int bodyPos;
  // where the body's bytes go in the current state (BODY: the whole body, HEAD: the first bytes of
  // a large body, PAYLOAD and TAIL: the arrays of a large body's payload and of what follows it)
  private byte[] dst;
  private int dstPos;
  private final byte[] head = new byte[HEAD_BYTES];
  private TcpFrameCodec.FrameHead frameHead;
  private byte[] payload;
  private byte[] tail;
  // bytes of the tail that came with the head bytes (when the payload ended within them)
  private int tailBytesFromHead;
  private long frames;

  /**
   * Creates a decoder.
   *
   * @param maxFrameSize the largest body accepted, normally {@link TcpFrameCodec#MAX_MESSAGE_SIZE}
   * @param messageHandler receives each decoded message
   * @param errorHandler receives the first decoding error
   */
  public TcpFrameDecoder(int maxFrameSize, Consumer<TransportMessage> messageHandler, Consumer<DecodeException> errorHandler) {
    this.maxFrameSize = maxFrameSize;
    this.messageHandler = messageHandler;
    this.errorHandler = errorHandler;
  }

  @Override
  public void handle(Buffer chunk) {
    int pos = 0;
    int n = chunk.length();
    while (pos < n) {
      switch (state) {
        case FAILED:
          return;
        case VERSION: {
          int v = chunk.getUnsignedByte(pos++);
          if (v != TcpFrameCodec.PROTOCOL_VERSION) {
            fail(new DecodeException("invalid TCP protocol version " + v + " (expected " + TcpFrameCodec.PROTOCOL_VERSION + ")"));
            return;
          }
          state = State.LENGTH;
          break;
        }
        case LENGTH: {
          header[headerPos++] = chunk.getByte(pos++);
          if (headerPos == 4) {
            headerPos = 0;
            long len = ((header[0] & 0xFFL) << 24) | ((header[1] & 0xFF) << 16) | ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            if (len > maxFrameSize) {
              fail(new DecodeException("TCP frame of " + len + " bytes exceeds the limit of " + maxFrameSize));
              return;
            }
            startBody((int) len);
          }
          break;
        }
        case BODY, HEAD, PAYLOAD, TAIL: {
          int k = Math.min(n - pos, dst.length - dstPos);
          chunk.getBytes(pos, pos + k, dst, dstPos);
          pos += k;
          dstPos += k;
          bodyPos += k;
          if (dstPos == dst.length) {
            filled();
          }
          break;
        }
        default:
          throw new IllegalStateException();
      }
    }
  }

  private void startBody(int len) {
    bodyLength = len;
    bodyPos = 0;
    if (len >= STREAMING_MIN_BODY) {
      fill(State.HEAD, head, 0);
    } else {
      fill(State.BODY, new byte[len], 0);
      if (len == 0) {
        filled();
      }
    }
  }

  private void fill(State next, byte[] into, int alreadyThere) {
    state = next;
    dst = into;
    dstPos = alreadyThere;
  }

  /** The current destination is full. */
  private void filled() {
    switch (state) {
      case BODY -> {
        byte[] body = dst;
        finish(() -> TcpFrameCodec.decode(body));
      }
      case HEAD -> headArrived();
      case PAYLOAD -> {
        fill(State.TAIL, tail, tailBytesFromHead);
        if (dstPos == dst.length) {
          filled();
        }
      }
      case TAIL -> {
        TcpFrameCodec.FrameHead h = frameHead;
        byte[] p = payload;
        byte[] t = tail;
        finish(() -> TcpFrameCodec.decode(h, p, t));
      }
      default -> throw new IllegalStateException();
    }
  }

  /** The first bytes of a large body are in: decode its head, or fall back to the whole body. */
  private void headArrived() {
    TcpFrameCodec.FrameHead h = TcpFrameCodec.decodeHead(head, 0, head.length, bodyLength);
    if (h == null) {
      // unusual (very long routes, a chunked payload) or malformed: decode the whole body, which
      // reports the error if there is one
      byte[] body = new byte[bodyLength];
      System.arraycopy(head, 0, body, 0, head.length);
      fill(State.BODY, body, head.length);
      return;
    }
    frameHead = h;
    // bounded: the head checked that the payload fits in the body, which is within the limit
    payload = new byte[h.payloadLength()];
    int tailLength = h.tailLength(bodyLength);
    tail = tailLength == 0 ? EMPTY : new byte[tailLength];
    // the head's bytes past the head itself belong to the payload, then to the tail
    int from = h.headLength();
    int k = Math.min(head.length - from, payload.length);
    System.arraycopy(head, from, payload, 0, k);
    from += k;
    tailBytesFromHead = head.length - from;
    System.arraycopy(head, from, tail, 0, tailBytesFromHead);
    fill(State.PAYLOAD, payload, k);
    if (k == payload.length) {
      filled();
    }
  }

  private void finish(Supplier<TransportMessage> decode) {
    dst = null;
    frameHead = null;
    payload = null;
    tail = null;
    state = State.LENGTH;
    TransportMessage m;
    try {
      m = decode.get();
    } catch (DecodeException e) {
      fail(new DecodeException("undecodable TCP frame #" + (frames + 1) + ": " + e.getMessage()));
      return;
    } catch (RuntimeException e) {
      fail(new DecodeException("undecodable TCP frame #" + (frames + 1) + ": " + e, e));
      return;
    }
    frames++;
    messageHandler.accept(m);
  }

  private void fail(DecodeException e) {
    state = State.FAILED;
    dst = null;
    payload = null;
    tail = null;
    frameHead = null;
    errorHandler.accept(e);
  }

  /**
   * Tells the decoder the stream has ended.
   *
   * @return a description of a partial frame cut off by the end of the stream, or {@code null}
   */
  public String end() {
    if (state == State.BODY || state == State.HEAD || state == State.PAYLOAD || state == State.TAIL) {
      return "connection closed in the middle of a frame (" + bodyPos + " of " + bodyLength + " bytes received)";
    }
    if (state == State.LENGTH && headerPos > 0) {
      return "connection closed in the middle of a frame header";
    }
    return null;
  }

  /**
   * @return the number of frames decoded
   */
  public long frames() {
    return frames;
  }

  /**
   * @return {@code true} after an error
   */
  public boolean failed() {
    return state == State.FAILED;
  }
}
