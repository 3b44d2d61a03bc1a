package io.ockamj.crypto;

import io.ockamj.crypto.primitives.Sha256;

/**
 * The software {@link VerifyingVault}: stateless.
 */
final class SoftwareVerifyingVault implements VerifyingVault {

  static final SoftwareVerifyingVault INSTANCE = new SoftwareVerifyingVault();

  private SoftwareVerifyingVault() {
  }

  @Override
  public byte[] sha256(byte[] data) {
    return Sha256.digest(data);
  }

  @Override
  public boolean verify(VerifyingPublicKey publicKey, byte[] message, Signature signature) {
    if (publicKey.type() != signature.type()) {
      return false;
    }
    return SignatureSchemes.verify(publicKey.type(), publicKey.rawBytes(), message, signature.rawBytes());
  }
}
