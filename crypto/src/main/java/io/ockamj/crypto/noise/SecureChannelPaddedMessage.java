package io.ockamj.crypto.noise;

import io.ockamj.protocol.Route;
import io.ockamj.protocol.TcpFrameCodec;
import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.errors.DecodeException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The plaintext of every data-phase secure-channel message (Rust {@code SecureChannelPaddedMessage}):
 * the CBOR array {@code [message, bstr padding]}, where {@code message} is a
 * {@link SecureChannelMessage} and padding is empty today. Immutable.
 * <p>
 * Encoding follows minicbor-derive exactly (shortest integers, definite lengths, raw identity and
 * credential bytes copied verbatim). Decoding is bounded (every length is checked against the
 * input, nesting is limited) and as lenient as minicbor: extra trailing fields are ignored,
 * indefinite-length arrays are accepted, the second element of a field-less variant is skipped
 * whatever it holds, and bytes after the item are ignored. The padding field is required (Rust drops
 * messages without it). Every malformed input raises {@link DecodeException}.
 */
public final class SecureChannelPaddedMessage {

  /** Largest plaintext accepted by {@link #decode(byte[])}. */
  public static final int MAX_SIZE = TcpFrameCodec.MAX_MESSAGE_SIZE;

  private static final byte[] EMPTY = new byte[0];
  private static final byte[] EMPTY_PADDING_FIELD = new CborWriter(1).bytes(EMPTY).toByteArray();

  private final SecureChannelMessage message;
  private final byte[] padding;

  /**
   * @param message the message
   * @param padding the padding bytes (copied)
   */
  public SecureChannelPaddedMessage(SecureChannelMessage message, byte[] padding) {
    this.message = Objects.requireNonNull(message, "message");
    this.padding = padding.clone();
  }

  /**
   * Wraps a message with empty padding, as Ockam does today.
   *
   * @param message the message
   * @return the padded message
   */
  public static SecureChannelPaddedMessage of(SecureChannelMessage message) {
    return new SecureChannelPaddedMessage(message, EMPTY);
  }

  /**
   * Encodes a message with empty padding.
   *
   * @param message the message
   * @return the plaintext bytes to encrypt
   */
  public static byte[] encode(SecureChannelMessage message) {
    return of(message).encode();
  }

  /**
   * @return the message
   */
  public SecureChannelMessage message() {
    return message;
  }

  /**
   * @return a copy of the padding
   */
  public byte[] padding() {
    return padding.clone();
  }

  /**
   * Encodes {@code [message, bstr padding]}.
   *
   * @return the plaintext bytes to encrypt
   */
  public byte[] encode() {
    return encodeToWriter().toByteArray();
  }

  /**
   * Encodes {@code [message, bstr padding]} into a writer sized for it, so that the caller can
   * encrypt straight from {@link CborWriter#buffer()} without another copy.
   *
   * @return the writer holding the plaintext
   */
  public CborWriter encodeToWriter() {
    int estimate = 32 + padding.length;
    if (message instanceof SecureChannelMessage.Payload) {
      SecureChannelMessage.Payload p = (SecureChannelMessage.Payload) message;
      estimate += p.payloadRef().length + TcpFrameCodec.routeSizeEstimate(p.onwardRoute()) + TcpFrameCodec.routeSizeEstimate(p.returnRoute());
    }
    CborWriter w = new CborWriter(estimate);
    if (message instanceof SecureChannelMessage.Payload) {
      SecureChannelMessage.Payload p = (SecureChannelMessage.Payload) message;
      writePayloadHead(w, p.onwardRoute(), p.returnRoute(), p.payloadRef().length);
      w.raw(p.payloadRef());
      w.bytes(padding);
      return w;
    }
    w.array(2);
    w.array(2).u64(message.variantIndex());
    if (message instanceof SecureChannelMessage.RefreshCredentials) {
      SecureChannelMessage.RefreshCredentials rc = (SecureChannelMessage.RefreshCredentials) message;
      List<byte[]> creds = rc.credentialsRef();
      w.array(1).array(2).raw(rc.changeHistoryRef()).array(creds.size());
      for (byte[] c : creds) {
        w.raw(c);
      }
    } else {
      w.array(0);
    }
    w.bytes(padding);
    return w;
  }

  /**
   * Encodes what precedes the payload bytes in the plaintext of a
   * {@link SecureChannelMessage.Payload}: the plaintext is this head, the payload bytes, then
   * {@link #paddingField(int)}. For encryptors that encrypt the three parts without joining them.
   *
   * @param onwardRoute the payload message's onward route
   * @param returnRoute the payload message's return route
   * @param payloadLength the payload length
   * @return the writer holding the head
   */
  public static CborWriter payloadHead(Route onwardRoute, Route returnRoute, int payloadLength) {
    CborWriter w = new CborWriter(24 + TcpFrameCodec.routeSizeEstimate(onwardRoute) + TcpFrameCodec.routeSizeEstimate(returnRoute));
    writePayloadHead(w, onwardRoute, returnRoute, payloadLength);
    return w;
  }

  private static void writePayloadHead(CborWriter w, Route onwardRoute, Route returnRoute, int payloadLength) {
    w.array(2);
    w.array(2).u64(SecureChannelMessage.PAYLOAD);
    w.array(1).array(3);
    TcpFrameCodec.writeRoute(w, onwardRoute);
    TcpFrameCodec.writeRoute(w, returnRoute);
    w.bytesHead(payloadLength);
  }

  /**
   * Encodes the padding field that ends every plaintext: a CBOR byte string of {@code length} zeros.
   *
   * @param length the number of padding bytes (0 as Ockam sends today)
   * @return the encoded field
   */
  public static byte[] paddingField(int length) {
    return length == 0 ? EMPTY_PADDING_FIELD.clone() : new CborWriter(length + 5).bytes(new byte[length]).toByteArray();
  }

  /**
   * Decodes a plaintext.
   *
   * @param bytes the decrypted plaintext
   * @return the padded message
   * @throws DecodeException if the bytes are malformed or larger than {@link #MAX_SIZE}
   */
  public static SecureChannelPaddedMessage decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  /**
   * Decodes a plaintext held in a range of an array.
   *
   * @param buf the array
   * @param off where the plaintext starts
   * @param len its length
   * @return the padded message
   * @throws DecodeException if the bytes are malformed or larger than {@link #MAX_SIZE}
   */
  public static SecureChannelPaddedMessage decode(byte[] buf, int off, int len) {
    if (len > MAX_SIZE) {
      throw new DecodeException("secure channel message of " + len + " bytes exceeds " + MAX_SIZE);
    }
    CborReader r = new CborReader(buf, off, len, CborReader.DEFAULT_MAX_ITEMS);
    int n = CborSupport.structHeader(r, 2, "SecureChannelPaddedMessage");
    SecureChannelMessage msg = decodeMessage(r);
    CborSupport.requireField(r, n, "SecureChannelPaddedMessage");
    byte[] padding = r.readBytes(MAX_SIZE);
    CborSupport.skipRest(r, n, 2);
    return new SecureChannelPaddedMessage(msg, padding);
  }

  private static SecureChannelMessage decodeMessage(CborReader r) {
    int n = r.readArrayHeader();
    if (n != 2) {
      throw new DecodeException("SecureChannelMessage: expected enum (2-element array)");
    }
    long idx = r.readU64();
    if (idx == SecureChannelMessage.CLOSE) {
      r.skip();
      return SecureChannelMessage.Close.INSTANCE;
    }
    if (idx != SecureChannelMessage.PAYLOAD && idx != SecureChannelMessage.REFRESH_CREDENTIALS) {
      throw new DecodeException("SecureChannelMessage: unknown variant " + Long.toUnsignedString(idx));
    }
    // the variant's fields: a struct whose field 0 is the message
    int fields = CborSupport.structHeader(r, 1, "SecureChannelMessage variant");
    SecureChannelMessage msg;
    if (idx == SecureChannelMessage.PAYLOAD) {
      int m = CborSupport.structHeader(r, 3, "PlaintextPayloadMessage");
      Route onward = TcpFrameCodec.readRoute(r);
      CborSupport.requireField(r, m, "PlaintextPayloadMessage");
      Route ret = TcpFrameCodec.readRoute(r);
      CborSupport.requireField(r, m, "PlaintextPayloadMessage");
      byte[] payload = r.readBytes(MAX_SIZE);
      CborSupport.skipRest(r, m, 3);
      msg = SecureChannelMessage.Payload.wrap(onward, ret, payload);
    } else {
      int m = CborSupport.structHeader(r, 2, "RefreshCredentialsMessage");
      byte[] ch = CborSupport.rawArray(r, "change history");
      CborSupport.requireField(r, m, "RefreshCredentialsMessage");
      List<byte[]> creds = CborSupport.rawArrayList(r, "credentials");
      CborSupport.skipRest(r, m, 2);
      msg = new SecureChannelMessage.RefreshCredentials(ch, creds);
    }
    CborSupport.skipRest(r, fields, 1);
    return msg;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecureChannelPaddedMessage && ((SecureChannelPaddedMessage) o).message.equals(message)
      && Arrays.equals(((SecureChannelPaddedMessage) o).padding, padding);
  }

  @Override
  public int hashCode() {
    return message.hashCode() * 31 + Arrays.hashCode(padding);
  }

  @Override
  public String toString() {
    return "SecureChannelPaddedMessage[" + message + ", padding=" + padding.length + " bytes]";
  }
}
