package io.ockamj.crypto.identity;

import io.ockamj.crypto.KeyType;
import io.ockamj.crypto.Signature;
import io.ockamj.crypto.VerifyingPublicKey;
import io.ockamj.crypto.identity.IdentityException.Rule;
import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.errors.DecodeException;

import java.util.HexFormat;
import java.util.function.Function;

/**
 * Shared CBOR helpers for the identity models, following the minicbor-derive rules of §0.3:
 * structs are arrays decoded leniently (definite or indefinite, extra trailing elements skipped,
 * missing optional fields are {@code None}); enums are definite 2-element arrays
 * {@code [variant, [fields]]}.
 */
final class Cbor {

  /** VersionedData data types (§5.2). */
  static final int CHANGE_DATA = 1, ATTESTATION_DATA = 2, CREDENTIAL_DATA = 3;
  /** Ours, no Rust counterpart: a data type Rust does not use, so no Rust signature can pass for a notice. */
  static final int REVOCATION_DATA = 0x4f52;

  private Cbor() {
  }

  /** A cursor over the elements of an array, definite or indefinite. */
  static final class Array {
    private final CborReader r;
    private int remaining;
    private boolean done;

    Array(CborReader r) {
      this.r = r;
      this.remaining = r.readArrayHeader();
    }

    /** @return true if one more element follows (and counts it as consumed by the caller) */
    boolean next() {
      if (done) {
        return false;
      }
      if (remaining >= 0) {
        if (remaining == 0) {
          done = true;
          return false;
        }
        remaining--;
        return true;
      }
      if (r.peekBreak()) {
        r.readBreak();
        done = true;
        return false;
      }
      return true;
    }

    void require(String field) {
      if (!next()) {
        throw new DecodeException("missing field " + field);
      }
    }

    /** @return true if an optional field is present and not null (a null is consumed) */
    boolean optional() {
      if (!next()) {
        return false;
      }
      if (r.peekNull()) {
        r.readNull();
        return false;
      }
      return true;
    }

    /** Skips the elements minicbor would ignore. */
    void finish() {
      while (next()) {
        r.skip();
      }
    }
  }

  /** {@code [bstr data, Signature]}: the shape of attestations and credentials. */
  record Signed(byte[] data, Signature signature) {
    static Signed read(CborReader r, int maxDataLength) {
      Array a = new Array(r);
      a.require("data");
      byte[] d = r.readBytes(maxDataLength);
      a.require("signature");
      Signature s = readSignature(r);
      a.finish();
      return new Signed(d, s);
    }

    byte[] encode() {
      CborWriter w = new CborWriter(data.length + 80).array(2).bytes(data);
      writeSignature(w, signature);
      return w.toByteArray();
    }
  }

  /**
   * Decodes a complete item, mapping every decode failure to {@link Rule#MALFORMED} and an input
   * over {@code maxLength} to {@link Rule#TOO_LARGE}.
   */
  static <T> T decode(byte[] bytes, int maxLength, String what, Function<CborReader, T> decoder) {
    if (bytes == null) {
      throw new IdentityException(Rule.MALFORMED, what + ": no bytes");
    }
    if (bytes.length > maxLength) {
      throw new IdentityException(Rule.TOO_LARGE, what + " of " + bytes.length + " bytes, limit " + maxLength);
    }
    try {
      CborReader r = new CborReader(bytes);
      T value = decoder.apply(r);
      r.expectEnd();
      return value;
    } catch (DecodeException e) {
      throw new IdentityException(Rule.MALFORMED, what + ": " + e.getMessage(), e);
    }
  }

  static byte[] fromHex(String hex, String what) {
    try {
      return HexFormat.of().parseHex(hex.trim());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IdentityException(Rule.MALFORMED, what + ": not hex");
    }
  }

  static byte[] exactBytes(CborReader r, int length, String what) {
    byte[] b = r.readBytes(length);
    if (b.length != length) {
      throw new DecodeException(what + " must be " + length + " bytes, got " + b.length);
    }
    return b;
  }

  /** Reads the head of an enum value and returns the variant index. */
  static int enumVariant(CborReader r, String what) {
    int n = r.readArrayHeader();
    if (n != 2) {
      throw new DecodeException(what + ": expected a 2-element enum array");
    }
    return (int) r.readU64(Integer.MAX_VALUE);
  }

  /** Reads {@code [field, ...]} of a one-field tuple variant as raw bytes of fixed length. */
  static byte[] tupleBytes(CborReader r, int length, String what) {
    Array a = new Array(r);
    a.require(what);
    byte[] b = exactBytes(r, length, what);
    a.finish();
    return b;
  }

  static KeyType signingType(int variant, String what) {
    switch (variant) {
      case 0:
        return KeyType.ED25519;
      case 1:
        return KeyType.P256;
      default:
        throw new DecodeException(what + ": unknown variant " + variant);
    }
  }

  static int signingVariant(KeyType type) {
    switch (type) {
      case ED25519:
        return 0;
      case P256:
        return 1;
      default:
        throw new IllegalArgumentException(type + " is not a signing key type");
    }
  }

  /** {@code [0, [bstr32]] | [1, [bstr65]]} */
  static VerifyingPublicKey readVerifyingKey(CborReader r) {
    KeyType t = signingType(enumVariant(r, "public key"), "public key");
    return VerifyingPublicKey.of(t, tupleBytes(r, t.publicKeyLength(), "public key"));
  }

  static void writeVerifyingKey(CborWriter w, VerifyingPublicKey k) {
    w.array(2).u64(signingVariant(k.type())).array(1).bytes(k.bytes());
  }

  /** {@code [0, [bstr64]] | [1, [bstr64]]} */
  static Signature readSignature(CborReader r) {
    KeyType t = signingType(enumVariant(r, "signature"), "signature");
    return Signature.of(t, tupleBytes(r, t.signatureLength(), "signature"));
  }

  static void writeSignature(CborWriter w, Signature s) {
    w.array(2).u64(signingVariant(s.type())).array(1).bytes(s.bytes());
  }

  static Identifier readIdentifier(CborReader r) {
    return Identifier.of(exactBytes(r, Identifier.LENGTH, "identifier"));
  }

  static ChangeHash readChangeHash(CborReader r) {
    return ChangeHash.of(exactBytes(r, ChangeHash.LENGTH, "change hash"));
  }

  /**
   * Decodes {@code VersionedData = [uint version, uint data_type, bstr data]} and checks the version
   * and the data type; returns the inner data.
   */
  static byte[] unwrapVersioned(byte[] versioned, int expectedType, int maxLength, String what) {
    long[] vt = new long[2];
    byte[] inner = decode(versioned, maxLength, what, r -> {
      Array a = new Array(r);
      a.require("version");
      vt[0] = r.readU64();
      a.require("data_type");
      vt[1] = r.readU64();
      a.require("data");
      byte[] d = r.readBytes(maxLength);
      a.finish();
      return d;
    });
    if (vt[0] != 1) {
      throw new IdentityException(Rule.UNSUPPORTED_VERSION, what + " has version " + vt[0]);
    }
    if (vt[1] != expectedType) {
      throw new IdentityException(Rule.WRONG_DATA_TYPE, what + " has data_type " + vt[1] + ", expected " + expectedType);
    }
    return inner;
  }

  static byte[] wrapVersioned(int dataType, byte[] data) {
    return new CborWriter(data.length + 8).array(3).u64(1).u64(dataType).bytes(data).toByteArray();
  }
}
