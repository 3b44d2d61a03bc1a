package io.ockamj.verticles.identity;

import io.ockamj.protocol.errors.OckamException;

import java.util.Objects;

/**
 * A failure of the {@link IdentityManager} that is not a verification failure (those are
 * {@link io.ockamj.crypto.identity.IdentityException}s) nor a database failure (those are
 * {@link io.ockamj.store.StoreException}s). {@link #reason()} tells callers what went wrong without
 * parsing the message; messages never contain key material.
 */
public class IdentityManagerException extends OckamException {

  private static final long serialVersionUID = 1L;

  /**
   * The kind of failure.
   */
  public enum Reason {
    /** No local identity has the given name or identifier. */
    NOT_FOUND,
    /** Another local identity already has the given name. */
    ALREADY_EXISTS,
    /** The name is not acceptable (empty, blank, too long or containing control characters). */
    INVALID_NAME,
    /** A secret key that the identity needs is missing from its vault. */
    KEY_MISSING,
    /** A vault cannot be deleted because identities use it. */
    VAULT_IN_USE,
    /**
     * A vault cannot be used: its PKCS#11 module, token or PIN is wrong or missing, the token does
     * not answer, or its secrets file cannot be opened.
     */
    VAULT_UNAVAILABLE,
    /** No vault was named and there is more than one to choose from. */
    VAULT_AMBIGUOUS,
    /**
     * The identity's attestation window ({@code attestations_valid_until}) has passed, so it cannot
     * attest new purpose keys; rotate it.
     */
    IDENTITY_EXPIRED
  }

  /** Why the operation failed. */
  private final Reason reason;

  /**
   * Creates an exception.
   *
   * @param reason the kind of failure, not {@code null}
   * @param message a one-line description
   */
  public IdentityManagerException(Reason reason, String message) {
    super(message, null, false);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Creates an exception with a cause.
   *
   * @param reason the kind of failure, not {@code null}
   * @param message a one-line description
   * @param cause the underlying failure
   */
  public IdentityManagerException(Reason reason, String message, Throwable cause) {
    super(message, cause, false);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Returns the kind of failure.
   *
   * @return the reason, never {@code null}
   */
  public Reason reason() {
    return reason;
  }
}
