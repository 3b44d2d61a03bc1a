package io.ockamj.crypto.identity;

import io.ockamj.crypto.Signature;
import io.ockamj.crypto.VerifyingPublicKey;
import io.ockamj.crypto.VerifyingVault;
import io.ockamj.crypto.identity.IdentityException.Rule;

import java.util.List;
import java.util.Objects;

/**
 * A verified identity: a {@link ChangeHistory} that passed every rule of §5.6, and its
 * {@link Identifier}.
 * <p>
 * Obtain one with {@link #importFrom(byte[])} (received or stored bytes) or through
 * {@link Identities} (creation, rotation). The identity's own attestation window is not checked
 * against the current time here (§5.6); it only bounds purpose-key attestations. Immutable and
 * thread-safe.
 */
public final class Identity {

  private final Identifier identifier;
  private final ChangeHistory history;

  private Identity(Identifier identifier, ChangeHistory history) {
    this.identifier = identifier;
    this.history = history;
  }

  /**
   * Decodes and verifies a change history.
   *
   * @param changeHistory the CBOR bytes of the history
   * @return the verified identity
   * @throws IdentityException naming the decoding or verification rule that failed
   */
  public static Identity importFrom(byte[] changeHistory) {
    return verify(null, ChangeHistory.decode(changeHistory), VerifyingVault.software());
  }

  /**
   * Decodes and verifies a change history that must belong to a given identifier.
   *
   * @param expected the identifier the history must have, or {@code null} for any
   * @param changeHistory the CBOR bytes of the history
   * @return the verified identity
   * @throws IdentityException naming the rule that failed ({@link Rule#IDENTIFIER_MISMATCH} for
   *   another identifier)
   */
  public static Identity importFrom(Identifier expected, byte[] changeHistory) {
    return verify(expected, ChangeHistory.decode(changeHistory), VerifyingVault.software());
  }

  /**
   * Decodes and verifies a change history given as hex (§5.10).
   *
   * @param hex the hex text
   * @return the verified identity
   * @throws IdentityException naming the rule that failed
   */
  public static Identity importHex(String hex) {
    return verify(null, ChangeHistory.fromHex(hex), VerifyingVault.software());
  }

  /**
   * Verifies a decoded change history with the software verifying vault.
   *
   * @param history the history
   * @return the verified identity
   * @throws IdentityException naming the rule that failed
   */
  public static Identity verify(ChangeHistory history) {
    return verify(null, history, VerifyingVault.software());
  }

  /**
   * Verifies a decoded change history (§5.6). For each change in order: the first change has no
   * previous change; every later one names the hash of the one before and does not move
   * {@code attestations_valid_from} backwards; each change's signature verifies with its own key,
   * and each later change's {@code previous_signature} with the previous change's key. Both
   * signatures sign SHA-256 of the change's data, that is the change hash.
   *
   * @param expected the identifier the history must have, or {@code null} for any
   * @param history the history
   * @param verifier the verifying vault
   * @return the verified identity
   * @throws IdentityException naming the rule that failed
   */
  public static Identity verify(Identifier expected, ChangeHistory history, VerifyingVault verifier) {
    Objects.requireNonNull(history, "history");
    List<Change> changes = history.changes();
    Change previous = null;
    for (int i = 0; i < changes.size(); i++) {
      Change c = changes.get(i);
      ChangeData d = c.changeData();
      if (previous == null) {
        if (d.previousChange().isPresent()) {
          throw new IdentityException(Rule.FIRST_CHANGE_HAS_PREVIOUS, "change 0");
        }
      } else {
        if (d.previousChange().isEmpty()) {
          throw new IdentityException(Rule.PREVIOUS_CHANGE_MISSING, "change " + i);
        }
        if (!d.previousChange().get().equals(previous.hash())) {
          throw new IdentityException(Rule.PREVIOUS_CHANGE_MISMATCH, "change " + i);
        }
        if (d.attestationsValidFrom() < previous.changeData().attestationsValidFrom()) {
          throw new IdentityException(Rule.VALIDITY_START_DECREASED, "change " + i);
        }
      }
      byte[] digest = c.hash().rawBytes();
      if (!verifies(verifier, d.primaryPublicKey(), digest, c.signature())) {
        throw new IdentityException(Rule.SIGNATURE_INVALID, "change " + i + signatureDetail(d.primaryPublicKey(), c));
      }
      if (previous != null) {
        if (c.previousSignature().isEmpty()) {
          throw new IdentityException(Rule.PREVIOUS_SIGNATURE_MISSING, "change " + i);
        }
        if (!verifies(verifier, previous.primaryPublicKey(), digest, c.previousSignature().get())) {
          throw new IdentityException(Rule.PREVIOUS_SIGNATURE_INVALID, "change " + i);
        }
      }
      previous = c;
    }
    Identifier id = history.identifier();
    if (expected != null && !expected.equals(id)) {
      throw new IdentityException(Rule.IDENTIFIER_MISMATCH, "expected " + expected + ", got " + id);
    }
    return new Identity(id, history);
  }

  private static boolean verifies(VerifyingVault v, VerifyingPublicKey key, byte[] digest, Signature s) {
    return key.type() == s.type() && v.verify(key, digest, s);
  }

  private static String signatureDetail(VerifyingPublicKey key, Change c) {
    return key.type() == c.signature().type() ? "" : " (" + c.signature().type() + " signature for a " + key.type() + " key)";
  }

  /**
   * @return the identifier
   */
  public Identifier identifier() {
    return identifier;
  }

  /**
   * @return the verified change history
   */
  public ChangeHistory changeHistory() {
    return history;
  }

  /**
   * @return the last change
   */
  public Change latestChange() {
    return history.latestChange();
  }

  /**
   * @return the hash of the last change (what purpose-key attestations must reference)
   */
  public ChangeHash latestChangeHash() {
    return history.latestChange().hash();
  }

  /**
   * @return the current primary public key (the last change's)
   */
  public VerifyingPublicKey primaryPublicKey() {
    return history.latestChange().primaryPublicKey();
  }

  /**
   * @return a copy of the change-history bytes, to send or store
   */
  public byte[] export() {
    return history.bytes();
  }

  /**
   * @return the change history as lowercase hex (the export format of §5.10)
   */
  public String exportHex() {
    return history.hex();
  }

  /**
   * Compares this identity's history with a known one (§5.7).
   *
   * @param known the identity already known
   * @return how this history relates to the known one
   */
  public HistoryComparison compare(Identity known) {
    return history.compare(known.history);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Identity && ((Identity) o).history.equals(history);
  }

  @Override
  public int hashCode() {
    return history.hashCode();
  }

  /**
   * @return the display text of Rust Ockam: {@code "Identifier:     <id>\nChange history: <hex>\n"}
   */
  @Override
  public String toString() {
    return "Identifier:     " + identifier + "\nChange history: " + history.hex() + "\n";
  }
}
