package io.ockamj.crypto.noise;

import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.errors.DecodeException;
import java.util.ArrayList;
import java.util.List;

/** minicbor-derive decoding helpers: lenient struct arrays, raw items kept byte for byte. */
final class CborSupport {

  /** Largest number of credentials accepted in one list. */
  static final int MAX_CREDENTIALS = 1024;

  private CborSupport() {
  }

  /** Reads a struct (array) header and checks that at least {@code required} fields are present. */
  static int structHeader(CborReader r, int required, String what) {
    int n = r.readArrayHeader();
    if (n != -1 && n < required) {
      throw new DecodeException(what + ": expected at least " + required + " fields, found " + n);
    }
    if (n == -1 && required > 0 && r.peekBreak()) {
      throw new DecodeException(what + ": missing fields");
    }
    return n;
  }

  /** Before reading field {@code index} of an indefinite struct: fails if the struct already ended. */
  static void requireField(CborReader r, int n, String what) {
    if (n == -1 && r.peekBreak()) {
      throw new DecodeException(what + ": missing fields");
    }
  }

  /** Skips fields beyond the {@code read} known ones (minicbor ignores unknown trailing fields). */
  static void skipRest(CborReader r, int n, int read) {
    if (n == -1) {
      while (!r.peekBreak()) {
        r.skip();
      }
      r.readBreak();
    } else {
      for (int i = read; i < n; i++) {
        r.skip();
      }
    }
  }

  /** Reads the raw bytes of the next item, which must be an array. */
  static byte[] rawArray(CborReader r, String what) {
    if (r.peekMajor() != CborReader.ARRAY) {
      throw new DecodeException(what + ": expected an array");
    }
    return r.readRawItem();
  }

  /** Reads an array of raw items (each an array, such as {@code CredentialAndPurposeKey}). */
  static List<byte[]> rawArrayList(CborReader r, String what) {
    int n = r.readArrayHeader();
    if (n > MAX_CREDENTIALS) {
      throw new DecodeException(what + ": more than " + MAX_CREDENTIALS + " elements");
    }
    List<byte[]> out = new ArrayList<>(n < 0 ? 1 : n);
    for (int i = 0; n < 0 ? !r.peekBreak() : i < n; i++) {
      if (out.size() >= MAX_CREDENTIALS) {
        throw new DecodeException(what + ": more than " + MAX_CREDENTIALS + " elements");
      }
      out.add(rawArray(r, what));
    }
    if (n < 0) {
      r.readBreak();
    }
    return out;
  }

  static List<byte[]> copyList(List<byte[]> in) {
    List<byte[]> out = new ArrayList<>(in.size());
    for (byte[] b : in) {
      out.add(b.clone());
    }
    return List.copyOf(out);
  }
}
