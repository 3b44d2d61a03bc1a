package io.ockamj.crypto;

import io.ockamj.crypto.primitives.Sha256;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Raw Ed25519 and ECDSA P-256 operations on byte arrays, through BouncyCastle's low-level classes
 * (measured several times faster than JCA for Ed25519, java-stack.md §D).
 */
final class SignatureSchemes {

  private static final X9ECParameters P256_CURVE = CustomNamedCurves.getByName("secp256r1");
  private static final ECDomainParameters P256 = new ECDomainParameters(
    P256_CURVE.getCurve(), P256_CURVE.getG(), P256_CURVE.getN(), P256_CURVE.getH());
  private static final BigInteger P256_N = P256_CURVE.getN();

  static {
    Ed25519.precompute();
  }

  private SignatureSchemes() {
  }

  static byte[] generateSecret(KeyType type, SecureRandom random) {
    byte[] secret = new byte[KeyType.SECRET_KEY_LENGTH];
    switch (type) {
      case ED25519:
        Ed25519.generatePrivateKey(random, secret);
        return secret;
      case P256:
        // rejection sampling of a scalar in [1, n-1]
        do {
          random.nextBytes(secret);
        } while (!validP256Scalar(secret));
        return secret;
      default:
        throw new IllegalArgumentException(type + " is not a signing key type");
    }
  }

  static boolean validP256Scalar(byte[] secret) {
    BigInteger d = new BigInteger(1, secret);
    return d.signum() > 0 && d.compareTo(P256_N) < 0;
  }

  static byte[] publicKey(KeyType type, byte[] secret) {
    switch (type) {
      case ED25519: {
        byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(secret, 0, pk, 0);
        return pk;
      }
      case P256: {
        ECPoint q = new FixedPointCombMultiplier().multiply(P256.getG(), new BigInteger(1, secret)).normalize();
        return q.getEncoded(false);
      }
      default:
        throw new IllegalArgumentException(type + " is not a signing key type");
    }
  }

  static byte[] sign(KeyType type, byte[] secret, byte[] publicKey, byte[] message) {
    switch (type) {
      case ED25519: {
        byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(secret, 0, publicKey, 0, message, 0, message.length, sig, 0);
        return sig;
      }
      case P256: {
        // ECDSA-with-SHA-256 over the message; deterministic k (RFC 6979), as RustCrypto does
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(new BigInteger(1, secret), P256));
        BigInteger[] rs = signer.generateSignature(Sha256.digest(message));
        byte[] sig = new byte[64];
        toFixed(rs[0], sig, 0);
        toFixed(rs[1], sig, 32);
        return sig;
      }
      default:
        throw new IllegalArgumentException(type + " is not a signing key type");
    }
  }

  static boolean verify(KeyType type, byte[] publicKey, byte[] message, byte[] signature) {
    if (signature.length != 64 || publicKey.length != type.publicKeyLength()) {
      return false;
    }
    switch (type) {
      case ED25519:
        return Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
      case P256: {
        if (publicKey[0] != 0x04) {
          return false;
        }
        ECPoint q;
        try {
          q = P256.getCurve().decodePoint(publicKey);
        } catch (IllegalArgumentException e) {
          return false;
        }
        if (q.isInfinity()) {
          return false;
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(q, P256));
        // the range checks 1 <= r, s < n are done by the signer; high s is accepted on purpose
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        return verifier.verifySignature(Sha256.digest(message), r, s);
      }
      default:
        return false;
    }
  }

  private static void toFixed(BigInteger v, byte[] out, int offset) {
    byte[] b = v.toByteArray();
    int len = Math.min(b.length, 32);
    System.arraycopy(b, b.length - len, out, offset + 32 - len, len);
  }
}
