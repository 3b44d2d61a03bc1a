package io.ockamj.crypto.pkcs11;

import io.ockamj.crypto.VaultException;

/**
 * A failure of a {@link Pkcs11Vault}, with its {@link Reason}. Messages are one line, name the
 * configuration file and the key alias, and never contain a PIN or key bytes.
 */
public final class Pkcs11Exception extends VaultException {

  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Reason {
    /** The configuration file is missing, unreadable or not a valid SunPKCS11 configuration. */
    CONFIG_INVALID,
    /** The PKCS#11 module (the {@code library} of the configuration) is not there. */
    MODULE_NOT_FOUND,
    /** The module loaded but the configured slot or token is not there. */
    TOKEN_NOT_FOUND,
    /** The token refused the PIN ({@code CKR_PIN_INCORRECT}). */
    WRONG_PIN,
    /** The token locked the PIN after too many wrong tries ({@code CKR_PIN_LOCKED}). */
    PIN_LOCKED,
    /** No PIN was given. */
    PIN_MISSING,
    /** The key is not (or no longer) on the token. */
    KEY_MISSING,
    /** The operation needs a key type or mechanism the token cannot offer through SunPKCS11. */
    UNSUPPORTED,
    /** The token did not answer in time. */
    TIMEOUT,
    /** Any other failure reported by the module. */
    TOKEN_ERROR
  }

  /** Why the operation failed. */
  private final Reason reason;

  /**
   * @param reason what went wrong
   * @param message a one-line description
   */
  public Pkcs11Exception(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /**
   * @param reason what went wrong
   * @param message a one-line description
   * @param cause the underlying failure
   */
  public Pkcs11Exception(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /**
   * @return what went wrong
   */
  public Reason reason() {
    return reason;
  }
}
