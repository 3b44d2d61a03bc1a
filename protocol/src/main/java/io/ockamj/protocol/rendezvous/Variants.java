package io.ockamj.protocol.rendezvous;

import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.errors.DecodeException;

/**
 * Reads minicbor's enum form {@code [index, [fields...]]}: the outer array (definite of 2, or
 * indefinite), the index, then the fields array, of which the caller reads what it needs.
 */
final class Variants {

  private final CborReader r;
  private final boolean outerIndefinite;
  /** The variant index. */
  final int variant;
  private int fieldsLeft;

  private Variants(CborReader r, boolean outerIndefinite, int variant) {
    this.r = r;
    this.outerIndefinite = outerIndefinite;
    this.variant = variant;
  }

  /** Reads the outer array header and the variant index. */
  static Variants read(byte[] bytes, String what) {
    CborReader r = new CborReader(bytes);
    int n = r.readArrayHeader();
    if (n != 2 && n != -1) {
      throw new DecodeException(what + ": expected [variant, fields], found an array of " + n);
    }
    return new Variants(r, n == -1, (int) r.readU64(0xFFFF_FFFFL));
  }

  /** Reads the fields array's header; returns how many fields it has (-1: indefinite). */
  int openFields() {
    fieldsLeft = r.readArrayHeader();
    return fieldsLeft;
  }

  /** Reads the next field as text. */
  String text(int maxLength, String what) {
    if (fieldsLeft == 0 || fieldsLeft < 0 && r.peekBreak()) {
      throw new DecodeException(what + " is missing");
    }
    String s = r.readText(maxLength);
    if (fieldsLeft > 0) {
      fieldsLeft--;
    }
    return s;
  }

  /** Skips the remaining fields (lenient, as minicbor) and checks that nothing follows the item. */
  void end() {
    if (fieldsLeft < 0) {
      while (!r.peekBreak()) {
        r.skip();
      }
      r.readBreak();
    } else {
      for (; fieldsLeft > 0; fieldsLeft--) {
        r.skip();
      }
    }
    if (outerIndefinite) {
      r.readBreak();
    }
    r.expectEnd();
  }
}
