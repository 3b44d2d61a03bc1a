package io.ockamj.crypto.identity;

import static io.ockamj.crypto.identity.Forge.assertRule;
import static io.ockamj.crypto.identity.Forge.change;
import static io.ockamj.crypto.identity.Forge.history;
import static io.ockamj.crypto.identity.Forge.sign;
import static io.ockamj.crypto.identity.Forge.signedChange;
import static io.ockamj.crypto.identity.Forge.versioned;
import static org.assertj.core.api.Assertions.assertThat;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.KeyType;
import io.ockamj.crypto.Signature;
import io.ockamj.crypto.SoftwareVault;
import io.ockamj.crypto.VerifyingPublicKey;
import io.ockamj.crypto.identity.IdentityException.Rule;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.testing.Vectors;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Change histories that must be rejected, each by a named rule. */
class IdentityNegativeTest {

  private static final byte[] VECTOR = Vectors.hex(Vectors.load("identities.json").get("vectors").get(0)
    .get("change_history_hex"));

  private final SoftwareVault vault = SoftwareVault.create();
  private final KeyId k1 = vault.generateSigningKey(KeyType.ED25519);
  private final KeyId k2 = vault.generateSigningKey(KeyType.ED25519);
  private final KeyId other = vault.generateSigningKey(KeyType.ED25519);

  private VerifyingPublicKey pub(KeyId k) {
    return vault.verifyingPublicKey(k);
  }

  private byte[] firstChange() {
    return signedChange(vault, k1, null, new ChangeData(null, pub(k1), false, 100, 200));
  }

  private ChangeHash firstHash() {
    return ChangeHistory.decode(history(firstChange())).firstChange().hash();
  }

  @Test
  void truncatedInputIsMalformed() {
    for (int len = 0; len < VECTOR.length; len++) {
      byte[] prefix = Arrays.copyOf(VECTOR, len);
      assertRule(() -> Identity.importFrom(prefix), Rule.MALFORMED);
    }
  }

  @Test
  void trailingBytesAreMalformed() {
    byte[] longer = Arrays.copyOf(VECTOR, VECTOR.length + 1);
    assertRule(() -> Identity.importFrom(longer), Rule.MALFORMED);
  }

  @Test
  void oversizedInputIsRejected() {
    assertRule(() -> ChangeHistory.decode(new byte[ChangeHistory.MAX_ENCODED_LENGTH + 1]), Rule.TOO_LARGE);
    // a byte string announcing 4 GiB
    assertRule(() -> ChangeHistory.decode(Vectors.hex("81835affffffff00")), Rule.MALFORMED);
    // an array announcing more elements than bytes
    assertRule(() -> ChangeHistory.decode(Vectors.hex("9bffffffffffffffff")), Rule.MALFORMED);
    // change data over the per-change limit
    byte[] big = new CborWriter().array(1).array(2).bytes(new byte[Change.MAX_DATA_LENGTH + 1]).toByteArray();
    assertRule(() -> ChangeHistory.decode(big), Rule.MALFORMED);
  }

  @Test
  void notHexIsMalformed() {
    assertRule(() -> ChangeHistory.fromHex("81zz"), Rule.MALFORMED);
    assertRule(() -> Identity.importHex("abc"), Rule.MALFORMED);
  }

  @Test
  void emptyHistory() {
    assertRule(() -> ChangeHistory.decode(new byte[] {(byte) 0x80}), Rule.EMPTY_HISTORY);
    assertRule(() -> ChangeHistory.decode(new byte[] {(byte) 0x9f, (byte) 0xff}), Rule.EMPTY_HISTORY);
  }

  @Test
  void unknownVersion() {
    byte[] v = versioned(2, 1, new ChangeData(null, pub(k1), false, 100, 200).encode());
    assertRule(() -> ChangeHistory.decode(history(change(v, sign(vault, k1, v), null))), Rule.UNSUPPORTED_VERSION);
  }

  @Test
  void unknownDataType() {
    for (int type : new int[] {0, 2, 3, 4}) {
      byte[] v = versioned(1, type, new ChangeData(null, pub(k1), false, 100, 200).encode());
      assertRule(() -> ChangeHistory.decode(history(change(v, sign(vault, k1, v), null))), Rule.WRONG_DATA_TYPE);
    }
  }

  @Test
  void wrongSignatureLength() {
    byte[] v = versioned(1, 1, new ChangeData(null, pub(k1), false, 100, 200).encode());
    byte[] sig = sign(vault, k1, v).bytes();
    for (int len : new int[] {0, 63, 65}) {
      byte[] c = new CborWriter().array(2).bytes(v).array(2).u64(0).array(1).bytes(Arrays.copyOf(sig, len)).toByteArray();
      assertRule(() -> ChangeHistory.decode(history(c)), Rule.MALFORMED);
    }
  }

  @Test
  void wrongPublicKeyLengthOrUnknownKeyType() {
    byte[] shortKey = new CborWriter().array(5).nil().array(2).u64(0).array(1).bytes(new byte[31])
      .bool(false).u64(1).u64(2).toByteArray();
    byte[] v = versioned(1, 1, shortKey);
    assertRule(() -> ChangeHistory.decode(history(change(v, sign(vault, k1, v), null))), Rule.MALFORMED);
    byte[] unknownType = new CborWriter().array(5).nil().array(2).u64(7).array(1).bytes(new byte[32])
      .bool(false).u64(1).u64(2).toByteArray();
    byte[] v2 = versioned(1, 1, unknownType);
    assertRule(() -> ChangeHistory.decode(history(change(v2, sign(vault, k1, v2), null))), Rule.MALFORMED);
  }

  @Test
  void changeSignedByTheWrongKey() {
    byte[] v = versioned(1, 1, new ChangeData(null, pub(k1), false, 100, 200).encode());
    byte[] forged = history(change(v, sign(vault, other, v), null));
    assertRule(() -> Identity.importFrom(forged), Rule.SIGNATURE_INVALID);
  }

  @Test
  void signatureOfAnotherKeyType() {
    byte[] v = versioned(1, 1, new ChangeData(null, pub(k1), false, 100, 200).encode());
    Signature asEcdsa = Signature.of(KeyType.P256, sign(vault, k1, v).bytes());
    assertRule(() -> Identity.importFrom(history(change(v, asEcdsa, null))), Rule.SIGNATURE_INVALID);
  }

  @Test
  void tamperedChangeData() {
    byte[] tampered = VECTOR.clone();
    tampered[20] ^= 1; // a byte of the primary public key
    assertRule(() -> Identity.importFrom(tampered), Rule.SIGNATURE_INVALID);
  }

  @Test
  void firstChangeWithAPreviousChange() {
    byte[] c = signedChange(vault, k1, null, new ChangeData(ChangeHash.of(new byte[32]), pub(k1), false, 100, 200));
    assertRule(() -> Identity.importFrom(history(c)), Rule.FIRST_CHANGE_HAS_PREVIOUS);
  }

  @Test
  void brokenPreviousChangeLink() {
    byte[] bad = signedChange(vault, k2, k1, new ChangeData(ChangeHash.of(new byte[32]), pub(k2), false, 100, 200));
    assertRule(() -> Identity.importFrom(history(firstChange(), bad)), Rule.PREVIOUS_CHANGE_MISMATCH);
  }

  @Test
  void missingPreviousChangeLink() {
    byte[] bad = signedChange(vault, k2, k1, new ChangeData(null, pub(k2), false, 100, 200));
    assertRule(() -> Identity.importFrom(history(firstChange(), bad)), Rule.PREVIOUS_CHANGE_MISSING);
  }

  @Test
  void validityStartGoingBackwards() {
    byte[] bad = signedChange(vault, k2, k1, new ChangeData(firstHash(), pub(k2), false, 99, 300));
    assertRule(() -> Identity.importFrom(history(firstChange(), bad)), Rule.VALIDITY_START_DECREASED);
    // a change may start after the previous one's window ends
    byte[] later = signedChange(vault, k2, k1, new ChangeData(firstHash(), pub(k2), false, 1000, 2000));
    assertThat(Identity.importFrom(history(firstChange(), later)).changeHistory().size()).isEqualTo(2);
  }

  @Test
  void missingPreviousSignature() {
    byte[] bad = signedChange(vault, k2, null, new ChangeData(firstHash(), pub(k2), false, 100, 200));
    assertRule(() -> Identity.importFrom(history(firstChange(), bad)), Rule.PREVIOUS_SIGNATURE_MISSING);
  }

  @Test
  void previousSignatureByTheWrongKey() {
    byte[] bad = signedChange(vault, k2, other, new ChangeData(firstHash(), pub(k2), false, 100, 200));
    assertRule(() -> Identity.importFrom(history(firstChange(), bad)), Rule.PREVIOUS_SIGNATURE_INVALID);
  }

  @Test
  void rotationSignedOnlyByThePreviousKey() {
    byte[] bad = signedChange(vault, k1, k1, new ChangeData(firstHash(), pub(k2), false, 100, 200));
    assertRule(() -> Identity.importFrom(history(firstChange(), bad)), Rule.SIGNATURE_INVALID);
  }

  @Test
  void validTwoChangeHistoryForReference() {
    byte[] good = signedChange(vault, k2, k1, new ChangeData(firstHash(), pub(k2), false, 100, 200));
    Identity id = Identity.importFrom(history(firstChange(), good));
    assertThat(id.primaryPublicKey()).isEqualTo(pub(k2));
  }

  @Test
  void lenientDecodingLikeMinicbor() {
    // indefinite-length outer array and an extra trailing element in a change: accepted, bytes kept
    byte[] c = firstChange();
    byte[] extra = Arrays.copyOf(c, c.length + 1);
    extra[0] = (byte) 0x83; // [data, sig, ...] -> 3 elements, the third being...
    extra[c.length] = (byte) 0xf6; // ... null: no previous signature
    byte[] indefinite = new CborWriter().raw(new byte[] {(byte) 0x9f}).raw(extra).raw(new byte[] {(byte) 0xff})
      .toByteArray();
    Identity id = Identity.importFrom(indefinite);
    assertThat(id.export()).isEqualTo(indefinite);
    assertThat(id.identifier()).isEqualTo(Identity.importFrom(history(c)).identifier());
  }
}
