/**
 * Cryptographic primitives used by the secure channel and identities: {@link
 * io.ockamj.crypto.primitives.X25519} (BouncyCastle low-level), {@link
 * io.ockamj.crypto.primitives.AesGcm} (JCA AES-256-GCM), {@link io.ockamj.crypto.primitives.Hkdf}
 * (JCA HmacSHA256), {@link io.ockamj.crypto.primitives.Sha256} (JCA) and the wipeable {@link
 * io.ockamj.crypto.primitives.SecretBytes} holder.
 * <p>
 * All classes are stateless and thread-safe except {@code SecretBytes}. Typed failures extend
 * {@link io.ockamj.crypto.primitives.CryptoException}.
 */
package io.ockamj.crypto.primitives;
