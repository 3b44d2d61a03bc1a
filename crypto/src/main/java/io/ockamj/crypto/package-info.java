/**
 * Ockam for the JVM: crypto. This package is the vault API (protocol reference §11).
 * <p>
 * {@link io.ockamj.crypto.Vault} is what identities, purpose keys, credentials and secure channels
 * use. Keys are referred to by {@link io.ockamj.crypto.KeyId} (key type + SHA-256 of the public
 * key) and derived secrets by {@link io.ockamj.crypto.SecretHandle}, so private keys never leave a
 * vault. Its roles: {@link io.ockamj.crypto.SigningVault} (Ed25519 and P-256 identity primary keys
 * and credential purpose keys), {@link io.ockamj.crypto.SecureChannelVault} (static and ephemeral
 * X25519 keys, Diffie-Hellman, HKDF and AEAD on handles) and
 * {@link io.ockamj.crypto.VerifyingVault} (hashing and verification).
 * {@link io.ockamj.crypto.SoftwareVault} implements them in memory, persisting static keys through
 * a {@link io.ockamj.crypto.SecretStorage}; {@link io.ockamj.crypto.pkcs11.Pkcs11Vault} keeps P-256
 * signing keys on a PKCS#11 token and is combined with a software vault for the rest
 * ({@link io.ockamj.crypto.Vault#combine}). Ed25519 and P-256 run on BouncyCastle's low-level
 * classes; P-256 signatures are {@code r || s} and verification accepts high-S signatures.
 * <p>
 * Sub-packages: {@code identity} (identities, purpose keys, credentials), {@code primitives}
 * (X25519, AES-GCM, HKDF, SHA-256), {@code noise} (the secure-channel handshake, which runs on a
 * {@link io.ockamj.crypto.SecureChannelVault}) and {@code pkcs11} (the token-backed signing vault).
 */
package io.ockamj.crypto;
