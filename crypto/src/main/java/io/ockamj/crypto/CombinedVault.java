package io.ockamj.crypto;

import io.ockamj.crypto.primitives.SecretBytes;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link Vault#combine(SigningVault, Vault)}: signing keys in one store, the rest in another.
 */
final class CombinedVault implements Vault {

  private final SigningVault signing;
  private final Vault rest;

  CombinedVault(SigningVault signing, Vault rest) {
    this.signing = Objects.requireNonNull(signing, "signing");
    this.rest = Objects.requireNonNull(rest, "secureChannels");
  }

  @Override
  public Set<KeyType> signingKeyTypes() {
    return signing.signingKeyTypes();
  }

  @Override
  public KeyId generateSigningKey(KeyType type) {
    return signing.generateSigningKey(type);
  }

  @Override
  public VerifyingPublicKey verifyingPublicKey(KeyId keyId) {
    return signing.verifyingPublicKey(keyId);
  }

  @Override
  public Optional<KeyId> findSigningKey(VerifyingPublicKey publicKey) {
    return signing.findSigningKey(publicKey);
  }

  @Override
  public Optional<KeyId> findSigningKey(String keyId) {
    return signing.findSigningKey(keyId);
  }

  @Override
  public Signature sign(KeyId keyId, byte[] message) {
    return signing.sign(keyId, message);
  }

  @Override
  public boolean deleteSigningKey(KeyId keyId) {
    return signing.deleteSigningKey(keyId);
  }

  @Override
  public List<KeyId> signingKeys() {
    return signing.signingKeys();
  }

  @Override
  public KeyId generateX25519Key() {
    return rest.generateX25519Key();
  }

  @Override
  public KeyId generateEphemeralX25519Key() {
    return rest.generateEphemeralX25519Key();
  }

  @Override
  public byte[] x25519PublicKey(KeyId keyId) {
    return rest.x25519PublicKey(keyId);
  }

  @Override
  public Optional<KeyId> findX25519Key(byte[] publicKey) {
    return rest.findX25519Key(publicKey);
  }

  @Override
  public boolean deleteX25519Key(KeyId keyId) {
    return rest.deleteX25519Key(keyId);
  }

  @Override
  public List<KeyId> x25519Keys() {
    return rest.x25519Keys();
  }

  @Override
  public SecretHandle x25519Ecdh(KeyId keyId, byte[] peerPublic) {
    return rest.x25519Ecdh(keyId, peerPublic);
  }

  @Override
  public SecretHandle importSecretBuffer(byte[] secret) {
    return rest.importSecretBuffer(secret);
  }

  @Override
  public List<SecretHandle> hkdf(SecretHandle salt, SecretHandle ikm, int outputs) {
    return rest.hkdf(salt, ikm, outputs);
  }

  @Override
  public byte[] aeadEncrypt(SecretHandle key, byte[] nonce, byte[] aad, byte[] plaintext) {
    return rest.aeadEncrypt(key, nonce, aad, plaintext);
  }

  @Override
  public byte[] aeadDecrypt(SecretHandle key, byte[] nonce, byte[] aad, byte[] in, int off, int len) {
    return rest.aeadDecrypt(key, nonce, aad, in, off, len);
  }

  @Override
  public SecretBytes exportSecretBuffer(SecretHandle handle) {
    return rest.exportSecretBuffer(handle);
  }

  @Override
  public boolean deleteSecretBuffer(SecretHandle handle) {
    return rest.deleteSecretBuffer(handle);
  }

  @Override
  public byte[] sha256(byte[] data) {
    return rest.sha256(data);
  }

  @Override
  public boolean verify(VerifyingPublicKey publicKey, byte[] message, Signature signature) {
    return rest.verify(publicKey, message, signature);
  }

  @Override
  public void close() {
    try {
      if (signing instanceof AutoCloseable) {
        ((AutoCloseable) signing).close();
      }
    } catch (Exception e) {
      throw e instanceof RuntimeException ? (RuntimeException) e : new VaultException("cannot close " + signing, e);
    } finally {
      rest.close();
    }
  }

  @Override
  public String toString() {
    return "Vault[signing=" + signing + ", secureChannels=" + rest + "]";
  }
}
