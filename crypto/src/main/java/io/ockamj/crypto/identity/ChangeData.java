package io.ockamj.crypto.identity;

import io.ockamj.crypto.VerifyingPublicKey;
import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;

import java.util.Objects;
import java.util.Optional;

/**
 * The content of one change (§5.2):
 * {@code [ChangeHash? previous_change, PrimaryPublicKey, bool revoke_all_purpose_keys,
 * uint attestations_valid_from, uint attestations_valid_until]}. Immutable.
 */
public final class ChangeData {

  private final ChangeHash previousChange;
  private final VerifyingPublicKey primaryPublicKey;
  private final boolean revokeAllPurposeKeys;
  private final long attestationsValidFrom;
  private final long attestationsValidUntil;

  /**
   * Creates change data.
   *
   * @param previousChange the hash of the previous change, {@code null} for the first change
   * @param primaryPublicKey the identity's primary key from this change on
   * @param revokeAllPurposeKeys the revocation flag (carried, not interpreted, §5.8)
   * @param attestationsValidFrom start of the window for purpose-key attestations, unix seconds
   * @param attestationsValidUntil end of that window, unix seconds
   */
  public ChangeData(ChangeHash previousChange, VerifyingPublicKey primaryPublicKey, boolean revokeAllPurposeKeys,
                    long attestationsValidFrom, long attestationsValidUntil) {
    this.previousChange = previousChange;
    this.primaryPublicKey = Objects.requireNonNull(primaryPublicKey, "primaryPublicKey");
    this.revokeAllPurposeKeys = revokeAllPurposeKeys;
    this.attestationsValidFrom = attestationsValidFrom;
    this.attestationsValidUntil = attestationsValidUntil;
  }

  /**
   * @return the hash of the previous change; empty for the first change
   */
  public Optional<ChangeHash> previousChange() {
    return Optional.ofNullable(previousChange);
  }

  /**
   * @return the primary public key introduced by this change
   */
  public VerifyingPublicKey primaryPublicKey() {
    return primaryPublicKey;
  }

  /**
   * @return the {@code revoke_all_purpose_keys} flag
   */
  public boolean revokeAllPurposeKeys() {
    return revokeAllPurposeKeys;
  }

  /**
   * @return the start of the attestation window, unix seconds
   */
  public long attestationsValidFrom() {
    return attestationsValidFrom;
  }

  /**
   * @return the end of the attestation window, unix seconds
   */
  public long attestationsValidUntil() {
    return attestationsValidUntil;
  }

  /**
   * @return the deterministic minicbor encoding
   */
  public byte[] encode() {
    CborWriter w = new CborWriter(96).array(5);
    if (previousChange == null) {
      w.nil();
    } else {
      w.bytes(previousChange.rawBytes());
    }
    Cbor.writeVerifyingKey(w, primaryPublicKey);
    return w.bool(revokeAllPurposeKeys).u64(attestationsValidFrom).u64(attestationsValidUntil).toByteArray();
  }

  static ChangeData read(CborReader r) {
    Cbor.Array a = new Cbor.Array(r);
    ChangeHash prev = a.optional() ? Cbor.readChangeHash(r) : null;
    a.require("primary_public_key");
    VerifyingPublicKey key = Cbor.readVerifyingKey(r);
    a.require("revoke_all_purpose_keys");
    boolean revoke = r.readBool();
    a.require("attestations_valid_from");
    long from = r.readU64();
    a.require("attestations_valid_until");
    long until = r.readU64();
    a.finish();
    return new ChangeData(prev, key, revoke, from, until);
  }

  @Override
  public String toString() {
    return "ChangeData[previous=" + previousChange + ", key=" + primaryPublicKey + ", revokeAll=" + revokeAllPurposeKeys
      + ", validFrom=" + attestationsValidFrom + ", validUntil=" + attestationsValidUntil + "]";
  }
}
