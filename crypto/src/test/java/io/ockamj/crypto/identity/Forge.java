package io.ockamj.crypto.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.Signature;
import io.ockamj.crypto.SoftwareVault;
import io.ockamj.crypto.identity.IdentityException.Rule;
import io.ockamj.crypto.primitives.Sha256;
import io.ockamj.protocol.cbor.CborWriter;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Test helpers: fixed clocks and hand-built (possibly invalid) encodings. */
final class Forge {

  /** A fixed "now" for tests: 2024-01-09T01:39:27Z. */
  static final long NOW = 1_704_764_367L;

  private Forge() {
  }

  static Clock clockAt(long epochSeconds) {
    return Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
  }

  static byte[] versioned(long version, long dataType, byte[] inner) {
    return new CborWriter().array(3).u64(version).u64(dataType).bytes(inner).toByteArray();
  }

  static Signature sign(SoftwareVault vault, KeyId key, byte[] versioned) {
    return vault.sign(key, Sha256.digest(versioned));
  }

  /** {@code [bstr data, sig, prev?]} */
  static byte[] change(byte[] versioned, Signature signature, Signature previous) {
    CborWriter w = new CborWriter().array(previous == null ? 2 : 3).bytes(versioned);
    Cbor.writeSignature(w, signature);
    if (previous != null) {
      Cbor.writeSignature(w, previous);
    }
    return w.toByteArray();
  }

  static byte[] history(byte[]... changes) {
    CborWriter w = new CborWriter().array(changes.length);
    for (byte[] c : changes) {
      w.raw(c);
    }
    return w.toByteArray();
  }

  /** A signed change with arbitrary content. */
  static byte[] signedChange(SoftwareVault vault, KeyId key, KeyId previousKey, ChangeData data) {
    byte[] v = versioned(1, 1, data.encode());
    return change(v, sign(vault, key, v), previousKey == null ? null : sign(vault, previousKey, v));
  }

  static void assertRule(ThrowingCallable call, Rule rule) {
    assertThatThrownBy(call).isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.rule()).isEqualTo(rule));
  }
}
