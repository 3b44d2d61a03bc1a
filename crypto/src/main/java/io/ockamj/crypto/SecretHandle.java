package io.ockamj.crypto;

import java.util.HexFormat;

/**
 * The handle of a secret buffer inside a vault: a Diffie-Hellman output, an HKDF output, an AEAD key
 * or an imported buffer (Rust Ockam's {@code HandleToSecret} for {@code SecretBufferHandle},
 * {@code AeadSecretKeyHandle} and HKDF outputs, protocol §11.1). The secret itself stays in the
 * vault that issued the handle; the handle only names it, and means nothing to another vault.
 * <p>
 * A handle is a random 64-bit value, so it can be shown and logged. Immutable and thread-safe.
 */
public final class SecretHandle {

  private final long value;

  private SecretHandle(long value) {
    this.value = value;
  }

  /**
   * Wraps a value chosen by a vault.
   *
   * @param value the vault's identifier for the secret
   * @return the handle
   */
  public static SecretHandle of(long value) {
    return new SecretHandle(value);
  }

  /**
   * @return the vault's identifier for the secret
   */
  public long value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretHandle && ((SecretHandle) o).value == value;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(value);
  }

  /**
   * @return {@code SecretHandle[<16 hex digits>]}, never the secret
   */
  @Override
  public String toString() {
    return "SecretHandle[" + HexFormat.of().toHexDigits(value) + "]";
  }
}
