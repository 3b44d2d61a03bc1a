package io.ockamj.crypto.primitives;

import java.security.SecureRandom;

/**
 * X25519 (RFC 7748) key generation and agreement, backed by BouncyCastle's low-level
 * {@code org.bouncycastle.math.ec.rfc7748.X25519} (measured faster than the JCA provider).
 * <p>
 * Keys are raw 32-byte arrays. Secrets need not be clamped: clamping is applied at use, as
 * x25519-dalek does. Thread-safe.
 */
public final class X25519 {

  /** Length of public keys, secret keys and shared secrets, in bytes. */
  public static final int KEY_SIZE = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private X25519() {
  }

  /**
   * Generates a fresh random (clamped) secret key.
   *
   * @return 32 secret bytes; the caller owns and should wipe them
   */
  public static byte[] generateSecret() {
    return generateSecret(RANDOM);
  }

  /**
   * Generates a fresh secret key from the given random source.
   *
   * @param random the random source
   * @return 32 secret bytes; the caller owns and should wipe them
   */
  public static byte[] generateSecret(SecureRandom random) {
    byte[] k = new byte[KEY_SIZE];
    org.bouncycastle.math.ec.rfc7748.X25519.generatePrivateKey(random, k);
    return k;
  }

  /**
   * Computes the public key of a secret key.
   *
   * @param secret a 32-byte secret key
   * @return the 32-byte public key
   * @throws IllegalArgumentException if {@code secret} is not 32 bytes
   */
  public static byte[] publicKey(byte[] secret) {
    checkLength(secret, "secret");
    byte[] pub = new byte[KEY_SIZE];
    org.bouncycastle.math.ec.rfc7748.X25519.generatePublicKey(secret, 0, pub, 0);
    return pub;
  }

  /**
   * Computes the shared secret {@code X25519(secret, peerPublic)}.
   *
   * @param secret our 32-byte secret key
   * @param peerPublic the peer's 32-byte public key
   * @return the 32-byte shared secret; the caller owns and should wipe it
   * @throws WeakKeyException if the result is all zeros (the peer sent a low-order point)
   * @throws IllegalArgumentException if a key is not 32 bytes
   */
  public static byte[] agree(byte[] secret, byte[] peerPublic) {
    checkLength(peerPublic, "peer public key");
    return agree(secret, peerPublic, 0);
  }

  /**
   * Computes the shared secret with a peer public key read from a range of an array.
   *
   * @param secret our 32-byte secret key
   * @param peer the array holding the peer's public key
   * @param peerOffset where the 32-byte public key starts in {@code peer}
   * @return the 32-byte shared secret; the caller owns and should wipe it
   * @throws WeakKeyException if the result is all zeros (the peer sent a low-order point)
   * @throws IllegalArgumentException if {@code secret} is not 32 bytes or the range is too short
   */
  public static byte[] agree(byte[] secret, byte[] peer, int peerOffset) {
    checkLength(secret, "secret");
    if (peerOffset < 0 || peer.length - peerOffset < KEY_SIZE) {
      throw new IllegalArgumentException("peer public key must be 32 bytes");
    }
    byte[] shared = new byte[KEY_SIZE];
    if (!org.bouncycastle.math.ec.rfc7748.X25519.calculateAgreement(secret, 0, peer, peerOffset, shared, 0)) {
      SecretBytes.wipe(shared);
      throw new WeakKeyException("X25519 agreement produced the all-zero shared secret (low-order peer key)");
    }
    return shared;
  }

  private static void checkLength(byte[] key, String what) {
    if (key == null || key.length != KEY_SIZE) {
      throw new IllegalArgumentException(what + " must be 32 bytes");
    }
  }
}
