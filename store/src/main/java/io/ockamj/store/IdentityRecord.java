package io.ockamj.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A stored identity.
 * <p>
 * The byte array is copied on the way in and out, and {@link #equals}/{@link #hashCode} compare its
 * contents.
 *
 * @param identifier the identity's identifier (for example {@code I1234...}), not {@code null}
 * @param changeHistory the encoded change history, opaque to the store, not {@code null}
 * @param name the local name, or {@code null} if the identity is not named
 * @param isDefault whether this is the default identity (at most one is)
 * @param createdAt when it was first stored (whole seconds), not {@code null}
 * @param vaultName the vault holding a local identity's keys, or {@code null} (peers)
 */
public record IdentityRecord(String identifier, byte[] changeHistory, String name, boolean isDefault,
                             Instant createdAt, String vaultName) {

  /**
   * Validates and copies the components.
   *
   * @param identifier the identifier
   * @param changeHistory the change history
   * @param name the name or {@code null}
   * @param isDefault the default flag
   * @param createdAt the creation time
   * @param vaultName the vault name or {@code null}
   */
  public IdentityRecord {
    Objects.requireNonNull(identifier, "identifier");
    changeHistory = Objects.requireNonNull(changeHistory, "changeHistory").clone();
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /**
   * Returns a copy of the change history.
   *
   * @return the change history bytes
   */
  @Override
  public byte[] changeHistory() {
    return changeHistory.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdentityRecord other
        && identifier.equals(other.identifier)
        && Arrays.equals(changeHistory, other.changeHistory)
        && Objects.equals(name, other.name)
        && isDefault == other.isDefault
        && createdAt.equals(other.createdAt)
        && Objects.equals(vaultName, other.vaultName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(identifier, Arrays.hashCode(changeHistory), name, isDefault, createdAt, vaultName);
  }

  @Override
  public String toString() {
    return "IdentityRecord[identifier=" + identifier + ", name=" + name + ", isDefault=" + isDefault
        + ", changeHistory=" + changeHistory.length + " bytes, createdAt=" + createdAt + ", vaultName=" + vaultName + "]";
  }
}
