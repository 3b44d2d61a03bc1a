package io.ockamj.crypto.noise;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.KeyType;
import io.ockamj.crypto.SoftwareVault;
import io.ockamj.crypto.primitives.X25519;

/**
 * A private in-memory vault holding raw handshake secrets (test vectors, or a caller without a
 * vault), with the static and ephemeral keys imported into it. Closed by the handshake that owns it.
 *
 * @param vault the vault
 * @param staticKey the static key in it
 * @param ephemeralKey the ephemeral key in it
 */
record OwnVault(SoftwareVault vault, KeyId staticKey, KeyId ephemeralKey) {

  /**
   * Imports the secrets into a new vault.
   *
   * @param staticSecret a 32-byte X25519 static secret; copied
   * @param ephemeralSecret a fixed 32-byte ephemeral secret (copied), or {@code null} for a fresh one
   * @return the vault and its keys
   * @throws IllegalArgumentException if a length is wrong
   */
  static OwnVault of(byte[] staticSecret, byte[] ephemeralSecret) {
    if (staticSecret == null || staticSecret.length != X25519.KEY_SIZE) {
      throw new IllegalArgumentException("static secret must be 32 bytes");
    }
    if (ephemeralSecret != null && ephemeralSecret.length != X25519.KEY_SIZE) {
      throw new IllegalArgumentException("ephemeral secret must be 32 bytes");
    }
    SoftwareVault own = SoftwareVault.create();
    try {
      KeyId staticKey = own.importSecret(KeyType.X25519, staticSecret);
      KeyId ephemeralKey = ephemeralSecret == null ? own.generateEphemeralX25519Key()
        : own.importEphemeralX25519Key(ephemeralSecret);
      return new OwnVault(own, staticKey, ephemeralKey);
    } catch (RuntimeException ex) {
      own.close();
      throw ex;
    }
  }
}
