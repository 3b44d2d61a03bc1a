package io.ockamj.crypto.identity;

import io.ockamj.crypto.KeyId;

import java.util.Objects;

/**
 * A purpose key that this node owns: the vault id of its secret and the attestation that binds its
 * public key to an identity (§5.9). Stores persist {@code (identifier, purpose, attestation bytes)}
 * (table {@code purpose_key}) and rebuild the key with {@link #of(KeyId, PurposeKeyAttestation)}.
 * Immutable.
 */
public final class PurposeKey {

  private final KeyId keyId;
  private final PurposeKeyAttestation attestation;

  private PurposeKey(KeyId keyId, PurposeKeyAttestation attestation) {
    this.keyId = keyId;
    this.attestation = attestation;
  }

  /**
   * Pairs a vault key with its attestation.
   *
   * @param keyId the id of the secret in the vault
   * @param attestation the attestation of its public key
   * @return the purpose key
   * @throws IllegalArgumentException if the attested public key is not the key with that id
   */
  public static PurposeKey of(KeyId keyId, PurposeKeyAttestation attestation) {
    Objects.requireNonNull(keyId, "keyId");
    PurposePublicKey pub = attestation.attestationData().publicKey();
    if (!KeyId.of(pub.keyType(), pub.bytes()).equals(keyId)) {
      throw new IllegalArgumentException("the attestation is for another key than " + keyId);
    }
    return new PurposeKey(keyId, attestation);
  }

  /**
   * Rebuilds a purpose key from a stored attestation, deriving the key id from the attested key.
   *
   * @param attestation the attestation
   * @return the purpose key (whose secret must be in the vault to be used)
   */
  public static PurposeKey of(PurposeKeyAttestation attestation) {
    PurposePublicKey pub = attestation.attestationData().publicKey();
    return new PurposeKey(KeyId.of(pub.keyType(), pub.bytes()), attestation);
  }

  /**
   * @return the purpose
   */
  public Purpose purpose() {
    return publicKey().purpose();
  }

  /**
   * @return the id of the secret in the vault
   */
  public KeyId keyId() {
    return keyId;
  }

  /**
   * @return the attested public key
   */
  public PurposePublicKey publicKey() {
    return attestation.attestationData().publicKey();
  }

  /**
   * @return the attestation
   */
  public PurposeKeyAttestation attestation() {
    return attestation;
  }

  /**
   * @return the identity that attested the key
   */
  public Identifier subject() {
    return attestation.attestationData().subject();
  }

  /**
   * @return creation time, unix seconds
   */
  public long createdAt() {
    return attestation.attestationData().createdAt();
  }

  /**
   * @return expiry time, unix seconds
   */
  public long expiresAt() {
    return attestation.attestationData().expiresAt();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PurposeKey && ((PurposeKey) o).keyId.equals(keyId) && ((PurposeKey) o).attestation.equals(attestation);
  }

  @Override
  public int hashCode() {
    return 31 * keyId.hashCode() + attestation.hashCode();
  }

  @Override
  public String toString() {
    return "PurposeKey[" + keyId + ", " + attestation.attestationData() + "]";
  }
}
