package io.ockamj.crypto.noise;

import io.ockamj.crypto.primitives.SecretBytes;
import javax.security.auth.Destroyable;

/**
 * The result of {@link HandshakeState#split()}: one AES-256-GCM key per direction, already
 * assigned with Ockam's reversed split (the initiator's encryption key is {@code k2}), and the
 * final handshake hash.
 * <p>
 * The holder owns its keys; {@link #newEncryptor()} and {@link #newDecryptor()} give the data-phase
 * states their own copies, so this object can (and should) be destroyed right after.
 */
public final class TransportKeys implements Destroyable, AutoCloseable {

  private final HandshakeState.Role role;
  private final SecretBytes encryptionKey;
  private final SecretBytes decryptionKey;
  private final byte[] handshakeHash;

  TransportKeys(HandshakeState.Role role, SecretBytes encryptionKey, SecretBytes decryptionKey, byte[] handshakeHash) {
    this.role = role;
    this.encryptionKey = encryptionKey;
    this.decryptionKey = decryptionKey;
    this.handshakeHash = handshakeHash;
  }

  /**
   * @return the role of the handshake that produced these keys
   */
  public HandshakeState.Role role() {
    return role;
  }

  /**
   * @return the key this side encrypts with (not a copy: do not modify or retain)
   */
  public SecretBytes encryptionKey() {
    return encryptionKey;
  }

  /**
   * @return the key this side decrypts with (not a copy: do not modify or retain)
   */
  public SecretBytes decryptionKey() {
    return decryptionKey;
  }

  /**
   * @return a copy of the final 32-byte handshake hash
   */
  public byte[] handshakeHash() {
    return handshakeHash.clone();
  }

  /**
   * Creates a data-phase encryptor with rekeying enabled (normal channels), owning a copy of the
   * encryption key.
   *
   * @return a new encryptor starting at nonce 0
   */
  public ChannelEncryptor newEncryptor() {
    return new ChannelEncryptor(encryptionKey.expose(), true);
  }

  /**
   * Creates a data-phase decryptor with replay protection and rekeying (normal channels), owning a
   * copy of the decryption key.
   *
   * @return a new decryptor
   */
  public ChannelDecryptor newDecryptor() {
    return new ChannelDecryptor(decryptionKey.expose(), true);
  }

  /**
   * Wipes both keys.
   */
  @Override
  public void destroy() {
    encryptionKey.destroy();
    decryptionKey.destroy();
  }

  /**
   * @return {@code true} once destroyed
   */
  @Override
  public boolean isDestroyed() {
    return encryptionKey.isDestroyed();
  }

  /**
   * Same as {@link #destroy()}.
   */
  @Override
  public void close() {
    destroy();
  }

  /**
   * @return a description without key material
   */
  @Override
  public String toString() {
    return "TransportKeys[" + role + (isDestroyed() ? ", destroyed]" : "]");
  }
}
