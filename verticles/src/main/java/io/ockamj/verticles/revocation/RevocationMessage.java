package io.ockamj.verticles.revocation;

import io.ockamj.crypto.identity.RevocationNotice;
import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.errors.DecodeException;

/**
 * What a subscriber and the revocation service say to each other (ours): CBOR arrays
 * {@code [0, after_seq]} (subscribe, send me what follows {@code after_seq}) and
 * {@code [1, notice]} (one signed notice).
 */
public sealed interface RevocationMessage {

  /** The largest message accepted; decoding larger input fails before allocating. */
  int MAX_ENCODED_LENGTH = RevocationNotice.MAX_ENCODED_LENGTH + 16;

  /**
   * A subscription, or a renewal of one.
   *
   * @param afterSeq the number of the last notice the subscriber applied, 0 for none
   */
  record Subscribe(long afterSeq) implements RevocationMessage {
    /**
     * Checks that the number is not negative.
     *
     * @param afterSeq the number of the last notice the subscriber applied, 0 for none
     * @throws IllegalArgumentException if {@code afterSeq} is negative
     */
    public Subscribe {
      if (afterSeq < 0) {
        throw new IllegalArgumentException("afterSeq must not be negative");
      }
    }
  }

  /**
   * One signed notice, not yet verified.
   *
   * @param notice the encoded {@link RevocationNotice}
   */
  record Notice(byte[] notice) implements RevocationMessage {
  }

  /** @return the encoded message */
  default byte[] encode() {
    if (this instanceof Subscribe s) {
      return new CborWriter(12).array(2).u64(0).u64(s.afterSeq()).toByteArray();
    }
    byte[] n = ((Notice) this).notice();
    return new CborWriter(n.length + 8).array(2).u64(1).bytes(n).toByteArray();
  }

  /**
   * Decodes a message.
   *
   * @param bytes the encoded message
   * @return the message
   * @throws DecodeException if it is malformed, too large or of an unknown kind
   */
  static RevocationMessage decode(byte[] bytes) {
    if (bytes == null || bytes.length > MAX_ENCODED_LENGTH) {
      throw new DecodeException("revocation message: " + (bytes == null ? "none" : bytes.length + " bytes, over the limit of "
        + MAX_ENCODED_LENGTH));
    }
    CborReader r = new CborReader(bytes, 0, bytes.length, 8);
    if (r.readArrayHeader() != 2) {
      throw new DecodeException("revocation message: not a two-element array");
    }
    long kind = r.readU64();
    RevocationMessage m;
    if (kind == 0) {
      long after = r.readU64();
      if (after < 0) {
        throw new DecodeException("revocation message: after_seq out of range");
      }
      m = new Subscribe(after);
    } else if (kind == 1) {
      m = new Notice(r.readBytes(RevocationNotice.MAX_ENCODED_LENGTH));
    } else {
      throw new DecodeException("revocation message: unknown kind " + Long.toUnsignedString(kind));
    }
    r.expectEnd();
    return m;
  }
}
