package io.ockamj.verticles.tcp;

import io.ockamj.protocol.DecodeException;
import io.ockamj.protocol.TcpFrameCodec;
import io.ockamj.protocol.TransportMessage;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

import java.util.function.Consumer;

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
  /** The bytes collected to decode a streamed body's head (routes of ordinary length fit easily). */
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
  // BODY: the whole body
  private byte[] body;
  // HEAD: the first bytes of a large body (reused from frame to frame)
  private final byte[] head = new byte[HEAD_BYTES];
  private int headTarget;
  // PAYLOAD and TAIL: the decoded head and the arrays the rest of the body goes into
  private TcpFrameCodec.FrameHead frameHead;
  private byte[] payload;
  private int payloadPos;
  private byte[] tail;
  private int tailPos;
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
        case BODY: {
          int k = Math.min(n - pos, body.length - bodyPos);
          chunk.getBytes(pos, pos + k, body, bodyPos);
          pos += k;
          bodyPos += k;
          if (bodyPos == body.length) {
            emit();
          }
          break;
        }
        case HEAD: {
          int k = Math.min(n - pos, headTarget - bodyPos);
          chunk.getBytes(pos, pos + k, head, bodyPos);
          pos += k;
          bodyPos += k;
          if (bodyPos == headTarget) {
            headArrived();
          }
          break;
        }
        case PAYLOAD: {
          int k = Math.min(n - pos, payload.length - payloadPos);
          chunk.getBytes(pos, pos + k, payload, payloadPos);
          pos += k;
          payloadPos += k;
          bodyPos += k;
          if (payloadPos == payload.length) {
            payloadArrived();
          }
          break;
        }
        case TAIL: {
          int k = Math.min(n - pos, tail.length - tailPos);
          chunk.getBytes(pos, pos + k, tail, tailPos);
          pos += k;
          tailPos += k;
          bodyPos += k;
          if (tailPos == tail.length) {
            emitStreamed();
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
      headTarget = Math.min(len, HEAD_BYTES);
      state = State.HEAD;
      return;
    }
    body = new byte[len];
    state = State.BODY;
    if (len == 0) {
      emit();
    }
  }

  /** The first bytes of a large body are in: decode its head, or fall back to the whole body. */
  private void headArrived() {
    TcpFrameCodec.FrameHead h = TcpFrameCodec.decodeHead(head, 0, headTarget, bodyLength);
    if (h == null) {
      // unusual (very long routes, a chunked payload) or malformed: decode the whole body, which
      // reports the error if there is one
      body = new byte[bodyLength];
      System.arraycopy(head, 0, body, 0, headTarget);
      state = State.BODY;
      if (bodyPos == bodyLength) {
        emit();
      }
      return;
    }
    frameHead = h;
    // bounded: the head checked that the payload fits in the body, which is within the limit
    payload = new byte[h.payloadLength()];
    int tailLength = h.tailLength(bodyLength);
    tail = tailLength == 0 ? EMPTY : new byte[tailLength];
    // the head's bytes past the head itself belong to the payload, then to the tail
    int from = h.headLength();
    int k = Math.min(headTarget - from, payload.length);
    System.arraycopy(head, from, payload, 0, k);
    payloadPos = k;
    from += k;
    tailPos = headTarget - from;
    System.arraycopy(head, from, tail, 0, tailPos);
    state = State.PAYLOAD;
    if (payloadPos == payload.length) {
      payloadArrived();
    }
  }

  private void payloadArrived() {
    state = State.TAIL;
    if (tailPos == tail.length) {
      emitStreamed();
    }
  }

  private void emit() {
    byte[] b = body;
    body = null;
    state = State.LENGTH;
    TransportMessage m;
    try {
      m = TcpFrameCodec.decode(b);
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

  private void emitStreamed() {
    TcpFrameCodec.FrameHead h = frameHead;
    byte[] p = payload;
    byte[] t = tail;
    frameHead = null;
    payload = null;
    tail = null;
    state = State.LENGTH;
    TransportMessage m;
    try {
      m = TcpFrameCodec.decode(h, p, t);
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
    body = null;
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
