package io.ockamj.crypto.identity;

import static io.ockamj.crypto.identity.Forge.NOW;
import static io.ockamj.crypto.identity.Forge.assertRule;
import static io.ockamj.crypto.identity.Forge.clockAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.ockamj.crypto.KeyType;
import io.ockamj.crypto.Signature;
import io.ockamj.crypto.SoftwareVault;
import io.ockamj.crypto.VerifyingVault;
import io.ockamj.crypto.identity.IdentityException.Rule;
import io.ockamj.crypto.primitives.SecretBytes;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Purpose keys: creation, attestation encoding and the verification rules of §5.9. */
class PurposeKeyTest {

  private final SoftwareVault vault = SoftwareVault.create();
  private final Identities identities = Identities.create(vault, VerifyingVault.software(), clockAt(NOW));
  private final PurposeKeys purposeKeys = PurposeKeys.create(vault, vault, vault, VerifyingVault.software(), clockAt(NOW));
  private final Identity alice = identities.createIdentity(new ChangeOptions().setValidFrom(NOW - 1000));

  @Test
  void secureChannelKey() {
    PurposeKey key = purposeKeys.createSecureChannelKey(alice);
    assertThat(key.purpose()).isEqualTo(Purpose.SECURE_CHANNEL);
    assertThat(key.keyId().type()).isEqualTo(KeyType.X25519);
    assertThat(key.publicKey().x25519PublicKey()).isEqualTo(vault.x25519PublicKey(key.keyId()));
    assertThat(key.subject()).isEqualTo(alice.identifier());
    assertThat(key.createdAt()).isEqualTo(NOW);
    assertThat(key.expiresAt()).isEqualTo(NOW + PurposeKeys.DEFAULT_TTL_SECONDS);

    PurposeKeyAttestation decoded = PurposeKeyAttestation.decode(key.attestation().bytes());
    assertThat(decoded).isEqualTo(key.attestation());
    assertThat(decoded.encode()).isEqualTo(key.attestation().bytes());
    assertThat(PurposeKeyAttestation.fromHex(decoded.hex())).isEqualTo(decoded);
    PurposeKeyAttestationData d = decoded.verify(alice, alice.identifier(), NOW);
    assertThat(d.publicKey()).isEqualTo(key.publicKey());
    assertThat(d.subjectLatestChangeHash()).isEqualTo(alice.latestChangeHash());
    assertThat(decoded.verify(Purpose.SECURE_CHANNEL, alice, null, NOW)).isNotNull();
    assertRule(() -> decoded.verify(Purpose.CREDENTIALS, alice, null, NOW), Rule.WRONG_PURPOSE);
    assertThat(purposeKeys.verify(decoded, alice, null)).isNotNull();
    assertThat(PurposeKey.of(decoded)).isEqualTo(key);
    assertThat(purposeKeys.isUsable(key, alice)).isTrue();
  }

  @Test
  void twoSecureChannelKeysAgree() {
    PurposeKey a = purposeKeys.createSecureChannelKey(alice);
    PurposeKey b = purposeKeys.createSecureChannelKey(alice);
    try (SecretBytes ab = vault.exportSecretBuffer(vault.x25519Ecdh(a.keyId(), b.publicKey().x25519PublicKey()));
         SecretBytes ba = vault.exportSecretBuffer(vault.x25519Ecdh(b.keyId(), a.publicKey().x25519PublicKey()))) {
      assertThat(ab.contentEquals(ba)).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(value = KeyType.class, names = {"ED25519", "P256"})
  void credentialKeyAttestedByEitherKeyType(KeyType type) {
    Identity issuer = identities.createIdentity(new ChangeOptions().setKeyType(type).setValidFrom(NOW - 10));
    PurposeKey key = purposeKeys.createCredentialKey(issuer, type);
    assertThat(key.purpose()).isEqualTo(Purpose.CREDENTIALS);
    assertThat(key.publicKey().credentialVerifyingKey()).isEqualTo(vault.verifyingPublicKey(key.keyId()));
    assertThat(key.attestation().signature().type()).isEqualTo(type);
    PurposeKeyAttestation decoded = PurposeKeyAttestation.decode(key.attestation().bytes());
    assertThat(decoded.verify(Purpose.CREDENTIALS, issuer, issuer.identifier(), NOW).publicKey()).isEqualTo(key.publicKey());
    assertThat(decoded.encode()).isEqualTo(decoded.bytes());
  }

  @Test
  void expiredAttestation() {
    PurposeKey key = purposeKeys.createCredentialKey(alice, KeyType.ED25519, NOW - 100, NOW - 1);
    assertRule(() -> key.attestation().verify(alice, null, NOW), Rule.ATTESTATION_EXPIRED);
    assertThat(key.attestation().verify(alice, null, NOW - 1)).isNotNull();
    assertThat(purposeKeys.isUsable(key, alice)).isFalse();
  }

  @Test
  void attestationCreatedInTheFuture() {
    PurposeKey soon = purposeKeys.createSecureChannelKey(alice, NOW + 60, NOW + 1000);
    assertThat(soon.attestation().verify(alice, null, NOW)).isNotNull();
    PurposeKey later = purposeKeys.createSecureChannelKey(alice, NOW + 61, NOW + 1000);
    assertRule(() -> later.attestation().verify(alice, null, NOW), Rule.ATTESTATION_CREATED_IN_FUTURE);
  }

  @Test
  void attestationOutsideTheIdentityWindow() {
    long until = alice.latestChange().changeData().attestationsValidUntil();
    long from = alice.latestChange().changeData().attestationsValidFrom();
    PurposeKey tooLong = purposeKeys.createSecureChannelKey(alice, NOW, until + 1);
    assertRule(() -> tooLong.attestation().verify(alice, null, NOW), Rule.ATTESTATION_OUTSIDE_IDENTITY_VALIDITY);
    PurposeKey tooEarly = purposeKeys.createSecureChannelKey(alice, from - 1, NOW + 10);
    assertRule(() -> tooEarly.attestation().verify(alice, null, NOW), Rule.ATTESTATION_OUTSIDE_IDENTITY_VALIDITY);
  }

  @Test
  void rotationInvalidatesEarlierAttestations() {
    PurposeKey key = purposeKeys.createSecureChannelKey(alice);
    Identity rotated = identities.rotate(alice);
    assertRule(() -> key.attestation().verify(rotated, null, NOW), Rule.ATTESTATION_NOT_LATEST_CHANGE);
    assertThat(purposeKeys.isUsable(key, rotated)).isFalse();
    PurposeKey fresh = purposeKeys.createSecureChannelKey(rotated);
    assertThat(fresh.attestation().verify(rotated, alice.identifier(), NOW)).isNotNull();
  }

  @Test
  void subjectRules() {
    Identity bob = identities.createIdentity(new ChangeOptions().setValidFrom(NOW - 1000));
    PurposeKey key = purposeKeys.createSecureChannelKey(alice);
    assertRule(() -> key.attestation().verify(alice, bob.identifier(), NOW), Rule.ATTESTATION_SUBJECT_MISMATCH);
    assertRule(() -> key.attestation().verify(bob, null, NOW), Rule.ATTESTATION_SUBJECT_UNKNOWN);
    assertRule(() -> key.attestation().verify(null, null, NOW), Rule.ATTESTATION_SUBJECT_UNKNOWN);
  }

  @Test
  void forgedAttestationSignature() {
    PurposeKey key = purposeKeys.createSecureChannelKey(alice);
    byte[] sig = key.attestation().signature().bytes();
    sig[0] ^= 1;
    PurposeKeyAttestation forged = PurposeKeyAttestation.of(key.attestation().versionedData(),
      Signature.of(KeyType.ED25519, sig));
    assertRule(() -> forged.verify(alice, null, NOW), Rule.ATTESTATION_SIGNATURE_INVALID);
    // signed by someone else's primary key
    Identity mallory = identities.createIdentity();
    PurposeKey theirs = purposeKeys.createSecureChannelKey(mallory);
    PurposeKeyAttestation swapped = PurposeKeyAttestation.of(key.attestation().versionedData(),
      theirs.attestation().signature());
    assertRule(() -> swapped.verify(alice, null, NOW), Rule.ATTESTATION_SIGNATURE_INVALID);
  }

  @Test
  void malformedAttestations() {
    byte[] bytes = purposeKeys.createSecureChannelKey(alice).attestation().bytes();
    for (int len = 0; len < bytes.length; len++) {
      byte[] prefix = Arrays.copyOf(bytes, len);
      assertRule(() -> PurposeKeyAttestation.decode(prefix), Rule.MALFORMED);
    }
    assertRule(() -> PurposeKeyAttestation.decode(new byte[PurposeKeyAttestation.MAX_ENCODED_LENGTH + 1]), Rule.TOO_LARGE);
    // a change's data is not attestation data
    byte[] change = alice.latestChange().versionedData();
    assertRule(() -> PurposeKeyAttestation.of(change, alice.latestChange().signature()), Rule.WRONG_DATA_TYPE);
  }

  @Test
  void deletingThePurposeKey() {
    PurposeKey sc = purposeKeys.createSecureChannelKey(alice);
    PurposeKey cred = purposeKeys.createCredentialKey(alice);
    assertThat(purposeKeys.delete(sc)).isTrue();
    assertThat(purposeKeys.delete(cred)).isTrue();
    assertThat(purposeKeys.isUsable(sc, alice)).isFalse();
    assertThat(purposeKeys.isUsable(cred, alice)).isFalse();
    assertThat(vault.x25519Keys()).isEmpty();
  }
}
