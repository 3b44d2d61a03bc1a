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
 */
public record NamedIdentity(String name, Identity identity, boolean isDefault, Instant createdAt) {

  /**
   * Validates the components.
   *
   * @param name the name
   * @param identity the identity
   * @param isDefault the default flag
   * @param createdAt the creation time
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
