/**
 * Ockam for the JVM: crypto. This package is the vault API (protocol reference §11).
 * <p>
 * Keys are referred to by {@link io.ockamj.crypto.KeyId} (key type + SHA-256 of the public key).
 * {@link io.ockamj.crypto.SigningVault} holds Ed25519 and P-256 signing keys (identity primary
 * keys, credential purpose keys), {@link io.ockamj.crypto.X25519KeyVault} holds static X25519
 * keys (secure-channel purpose keys) and {@link io.ockamj.crypto.VerifyingVault} hashes and
 * verifies. {@link io.ockamj.crypto.SoftwareVault} implements the first two in memory, with an
 * export/import form for persistence. Ed25519 and P-256 run on BouncyCastle's low-level classes;
 * P-256 signatures are {@code r || s} and verification accepts high-S signatures.
 * <p>
 * Sub-packages: {@code identity} (identities, purpose keys, credentials), {@code primitives}
 * (X25519, AES-GCM, HKDF, SHA-256) and {@code noise} (the secure-channel handshake).
 */
package io.ockamj.crypto;
