package io.ockamj.verticles.authority;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.errors.DecodeException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CBOR fields of {@link AuthorityMessages}, written as Rust's minicbor derives write them and read
 * within the bounds of {@link AuthorityMessages#MAX_ATTRIBUTES}, {@link AuthorityMessages#MAX_KEY_LENGTH},
 * {@link AuthorityMessages#MAX_VALUE_LENGTH} and {@link AuthorityMessages#MAX_MEMBERS}.
 */
final class AuthorityCbor {

  private AuthorityCbor() {
  }


  static CborReader reader(byte[] bytes) {
    return new CborReader(bytes, 0, bytes.length, AuthorityMessages.MAX_MEMBERS);
  }

  static boolean more(CborReader r, int n, int i) {
    return n == -1 ? r.hasNext(-1) : i < n;
  }

  static Long readOptionalU64(CborReader r) {
    if (r.peekNull()) {
      r.readNull();
      return null;
    }
    return r.readU64();
  }

  static Identifier readIdentifier(CborReader r) {
    byte[] b = r.readBytes(Identifier.LENGTH);
    if (b.length != Identifier.LENGTH) {
      throw new DecodeException("an identifier is " + Identifier.LENGTH + " bytes");
    }
    return Identifier.of(b);
  }

  static void writeTextMap(CborWriter w, Map<String, String> map) {
    // minicbor writes a BTreeMap<String, String> in the order of the strings' bytes
    TreeMap<byte[], String[]> sorted = new TreeMap<>(Arrays::compareUnsigned);
    map.forEach((k, v) -> sorted.put(k.getBytes(StandardCharsets.UTF_8), new String[] {k, v}));
    w.map(sorted.size());
    sorted.values().forEach(kv -> w.text(kv[0]).text(kv[1]));
  }

  static Map<String, String> readTextMap(CborReader r) {
    Map<String, String> out = new LinkedHashMap<>();
    int n = r.readMapHeader();
    for (int i = 0; more(r, n, i); i++) {
      if (i >= AuthorityMessages.MAX_ATTRIBUTES) {
        throw new DecodeException("more than " + AuthorityMessages.MAX_ATTRIBUTES + " attributes");
      }
      String k = r.readText(AuthorityMessages.MAX_KEY_LENGTH);
      out.put(k, r.readText(AuthorityMessages.MAX_VALUE_LENGTH));
    }
    return out;
  }

  static void writeByteVec(CborWriter w, byte[] b) {
    w.array(b.length);
    for (byte x : b) {
      w.u64(x & 0xFF);
    }
  }

  static byte[] readByteVec(CborReader r, int max) {
    if (r.peekMajor() == CborReader.BYTES) {
      return r.readBytes(max);
    }
    int n = r.readArrayHeader();
    if (n > max) {
      throw new DecodeException("byte vector longer than " + max);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(Math.max(0, n));
    for (int i = 0; more(r, n, i); i++) {
      if (i >= max) {
        throw new DecodeException("byte vector longer than " + max);
      }
      out.write((int) r.readU64(255));
    }
    return out.toByteArray();
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
