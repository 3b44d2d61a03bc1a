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

  private enum State { VERSION, LENGTH, BODY, FAILED }

  private final int maxFrameSize;
  private final Consumer<TransportMessage> messageHandler;
  private final Consumer<DecodeException> errorHandler;
  private State state = State.VERSION;
  private final byte[] header = new byte[4];
  private int headerPos;
  private byte[] body;
  private int bodyPos;
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
            body = new byte[(int) len];
            bodyPos = 0;
            state = State.BODY;
            if (len == 0) {
              emit();
            }
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
        default:
          throw new IllegalStateException();
      }
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

  private void fail(DecodeException e) {
    state = State.FAILED;
    body = null;
    errorHandler.accept(e);
  }

  /**
   * Tells the decoder the stream has ended.
   *
   * @return a description of a partial frame cut off by the end of the stream, or {@code null}
   */
  public String end() {
    if (state == State.BODY) {
      return "connection closed in the middle of a frame (" + bodyPos + " of " + body.length + " bytes received)";
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
