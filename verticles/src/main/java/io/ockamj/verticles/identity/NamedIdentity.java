package io.ockamj.verticles.identity;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.crypto.identity.Identity;

import java.time.Instant;
import java.util.Objects;

/**
 * A local identity as the {@link IdentityManager} knows it: its verified change history, its unique
 * name, whether it is the default identity, and when it was created locally.
 *
 * @param name the local name, not {@code null}
 * @param identity the verified identity (its latest stored change history), not {@code null}
 * @param isDefault whether this is the default identity (at most one is)
 * @param createdAt when it was first stored (whole seconds), not {@code null}
 * @param vaultName the vault holding its keys, or {@code null} for an identity stored before vaults
 *     existed (its keys are in the database vault)
 */
public record NamedIdentity(String name, Identity identity, boolean isDefault, Instant createdAt, String vaultName) {

  /**
   * Validates the components.
   *
   * @param name the name
   * @param identity the identity
   * @param isDefault the default flag
   * @param createdAt the creation time
   * @param vaultName the vault name or {@code null}
   */
  public NamedIdentity {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /**
   * Returns the identity's identifier.
   *
   * @return the identifier
   */
  public Identifier identifier() {
    return identity.identifier();
  }
}
