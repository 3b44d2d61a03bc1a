package io.ockamj.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ockamj.crypto.primitives.SecretBytes;
import io.ockamj.crypto.primitives.Sha256;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The software vault, with P-256 cross-checked against the JDK's own ECDSA. */
class SoftwareVaultTest {

  private static final BigInteger P256_N =
    new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

  private final SoftwareVault vault = SoftwareVault.create();
  private final VerifyingVault verifier = VerifyingVault.software();

  @ParameterizedTest
  @EnumSource(value = KeyType.class, names = {"ED25519", "P256"})
  void signAndVerify(KeyType type) {
    KeyId key = vault.generateSigningKey(type);
    VerifyingPublicKey pub = vault.verifyingPublicKey(key);
    assertThat(pub.type()).isEqualTo(type);
    assertThat(pub.bytes()).hasSize(type.publicKeyLength());
    assertThat(key).isEqualTo(KeyId.of(pub));
    assertThat(key.bytes()).isEqualTo(Sha256.digest(pub.bytes()));
    assertThat(KeyId.fromHex(type, key.hex())).isEqualTo(key);
    assertThat(vault.findSigningKey(pub)).contains(key);
    assertThat(vault.signingKeys()).containsExactly(key);

    byte[] message = Sha256.digest("hello".getBytes());
    Signature sig = vault.sign(key, message);
    assertThat(sig.type()).isEqualTo(type);
    assertThat(sig.bytes()).hasSize(64);
    assertThat(verifier.verify(pub, message, sig)).isTrue();
    // deterministic for both schemes (RFC 8032, RFC 6979)
    assertThat(vault.sign(key, message)).isEqualTo(sig);

    byte[] otherMessage = message.clone();
    otherMessage[0] ^= 1;
    assertThat(verifier.verify(pub, otherMessage, sig)).isFalse();
    VerifyingPublicKey otherKey = vault.verifyingPublicKey(vault.generateSigningKey(type));
    assertThat(verifier.verify(otherKey, message, sig)).isFalse();
    KeyType otherType = type == KeyType.ED25519 ? KeyType.P256 : KeyType.ED25519;
    assertThat(verifier.verify(pub, message, Signature.of(otherType, sig.bytes()))).isFalse();
  }

  @Test
  void p256InteroperatesWithTheJdk() throws Exception {
    byte[] message = Sha256.digest("ockam".getBytes());
    // ours -> JDK: SHA256withECDSA over the digest, DER-encoded signature
    KeyId key = vault.generateSigningKey(KeyType.P256);
    Signature sig = vault.sign(key, message);
    java.security.Signature jdk = java.security.Signature.getInstance("SHA256withECDSA");
    jdk.initVerify(jdkPublicKey(vault.verifyingPublicKey(key).bytes()));
    jdk.update(message);
    assertThat(jdk.verify(toDer(sig.bytes()))).isTrue();

    // JDK -> ours
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair kp = g.generateKeyPair();
    java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSA");
    signer.initSign(kp.getPrivate());
    signer.update(message);
    byte[] rs = fromDer(signer.sign());
    VerifyingPublicKey pub = VerifyingPublicKey.p256(sec1((ECPublicKey) kp.getPublic()));
    assertThat(verifier.verify(pub, message, Signature.of(KeyType.P256, rs))).isTrue();
  }

  @Test
  void p256AcceptsHighSAndRejectsOutOfRangeValues() {
    KeyId key = vault.generateSigningKey(KeyType.P256);
    VerifyingPublicKey pub = vault.verifyingPublicKey(key);
    byte[] message = Sha256.digest(new byte[] {42});
    byte[] rs = vault.sign(key, message).bytes();
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(rs, 32, 64));
    byte[] flipped = rs.clone();
    System.arraycopy(fixed(P256_N.subtract(s)), 0, flipped, 32, 32);
    // exactly one of (r, s) and (r, n - s) is high-S; both verify
    assertThat(verifier.verify(pub, message, Signature.of(KeyType.P256, flipped))).isTrue();

    byte[] zeroS = rs.clone();
    Arrays.fill(zeroS, 32, 64, (byte) 0);
    assertThat(verifier.verify(pub, message, Signature.of(KeyType.P256, zeroS))).isFalse();
    byte[] bigR = rs.clone();
    System.arraycopy(fixed(P256_N), 0, bigR, 0, 32);
    assertThat(verifier.verify(pub, message, Signature.of(KeyType.P256, bigR))).isFalse();
  }

  @Test
  void invalidPublicKeysVerifyNothing() {
    byte[] message = new byte[32];
    Signature sig = Signature.of(KeyType.P256, new byte[64]);
    byte[] notOnCurve = new byte[65];
    notOnCurve[0] = 4;
    notOnCurve[64] = 1;
    assertThat(verifier.verify(VerifyingPublicKey.p256(notOnCurve), message, sig)).isFalse();
    byte[] compressedPrefix = notOnCurve.clone();
    compressedPrefix[0] = 2;
    assertThat(verifier.verify(VerifyingPublicKey.p256(compressedPrefix), message, sig)).isFalse();
    byte[] ed = new byte[32];
    Arrays.fill(ed, (byte) 0xff);
    assertThat(verifier.verify(VerifyingPublicKey.ed25519(ed), message, Signature.of(KeyType.ED25519, new byte[64])))
      .isFalse();
    assertThatThrownBy(() -> VerifyingPublicKey.p256(new byte[64])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Signature.of(KeyType.X25519, new byte[64])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void exportAndImport() {
    KeyId ed = vault.generateSigningKey(KeyType.ED25519);
    KeyId p = vault.generateSigningKey(KeyType.P256);
    KeyId x = vault.generateX25519Key();
    SoftwareVault copy = SoftwareVault.create();
    for (KeyId id : vault.keys()) {
      try (SecretBytes secret = vault.exportSecret(id)) {
        assertThat(secret.length()).isEqualTo(KeyType.SECRET_KEY_LENGTH);
        assertThat(copy.importSecret(id.type(), secret.expose())).isEqualTo(id);
        assertThat(copy.importSecret(id.type(), secret.expose())).isEqualTo(id);
      }
    }
    assertThat(copy.keys()).containsExactlyInAnyOrder(ed, p, x);
    byte[] m = new byte[32];
    assertThat(copy.sign(p, m)).isEqualTo(vault.sign(p, m));
    assertThat(copy.x25519PublicKey(x)).isEqualTo(vault.x25519PublicKey(x));
    assertThat(copy.findX25519Key(vault.x25519PublicKey(x))).contains(x);
  }

  @Test
  void badSecretsAreRejected() {
    assertThatThrownBy(() -> vault.importSecret(KeyType.ED25519, new byte[31])).isInstanceOf(VaultException.class);
    assertThatThrownBy(() -> vault.importSecret(KeyType.P256, new byte[32])).isInstanceOf(VaultException.class);
    assertThatThrownBy(() -> vault.importSecret(KeyType.P256, fixed(P256_N))).isInstanceOf(VaultException.class);
  }

  @Test
  void keyTypesAndDeletion() {
    KeyId sign = vault.generateSigningKey(KeyType.ED25519);
    KeyId x = vault.generateX25519Key();
    assertThatThrownBy(() -> vault.sign(x, new byte[32])).isInstanceOf(VaultException.class);
    assertThatThrownBy(() -> vault.x25519PublicKey(sign)).isInstanceOf(VaultException.class);
    assertThatThrownBy(() -> vault.generateSigningKey(KeyType.X25519)).isInstanceOf(IllegalArgumentException.class);
    assertThat(vault.x25519Keys()).containsExactly(x);
    assertThat(vault.deleteX25519Key(sign)).isFalse();
    assertThat(vault.deleteSigningKey(sign)).isTrue();
    assertThat(vault.deleteSigningKey(sign)).isFalse();
    assertThatThrownBy(() -> vault.sign(sign, new byte[32])).isInstanceOf(VaultException.class);
    assertThat(vault.deleteX25519Key(x)).isTrue();
    assertThat(vault.keys()).isEmpty();
  }

  @Test
  void destroyWipesEverything() {
    KeyId key = vault.generateSigningKey(KeyType.ED25519);
    SecretBytes exported = vault.exportSecret(key);
    String secretHex = HexFormat.of().formatHex(exported.expose());
    assertThat(vault.toString()).doesNotContain(secretHex).contains("1 keys");
    vault.destroy();
    assertThat(vault.isDestroyed()).isTrue();
    assertThatThrownBy(() -> vault.sign(key, new byte[32])).isInstanceOf(IllegalStateException.class);
    assertThat(vault.keys()).isEmpty();
    exported.destroy();
  }

  private static byte[] fixed(BigInteger v) {
    byte[] b = v.toByteArray();
    byte[] out = new byte[32];
    int len = Math.min(32, b.length);
    System.arraycopy(b, b.length - len, out, 32 - len, len);
    return out;
  }

  private static PublicKey jdkPublicKey(byte[] sec1) throws Exception {
    AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
    params.init(new ECGenParameterSpec("secp256r1"));
    ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
    ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(sec1, 1, 33)), new BigInteger(1, Arrays.copyOfRange(sec1, 33, 65)));
    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, spec));
  }

  private static byte[] sec1(ECPublicKey key) {
    byte[] out = new byte[65];
    out[0] = 4;
    System.arraycopy(fixed(key.getW().getAffineX()), 0, out, 1, 32);
    System.arraycopy(fixed(key.getW().getAffineY()), 0, out, 33, 32);
    return out;
  }

  private static byte[] toDer(byte[] rs) {
    byte[] r = new BigInteger(1, Arrays.copyOfRange(rs, 0, 32)).toByteArray();
    byte[] s = new BigInteger(1, Arrays.copyOfRange(rs, 32, 64)).toByteArray();
    byte[] out = new byte[6 + r.length + s.length];
    out[0] = 0x30;
    out[1] = (byte) (4 + r.length + s.length);
    out[2] = 0x02;
    out[3] = (byte) r.length;
    System.arraycopy(r, 0, out, 4, r.length);
    out[4 + r.length] = 0x02;
    out[5 + r.length] = (byte) s.length;
    System.arraycopy(s, 0, out, 6 + r.length, s.length);
    return out;
  }

  private static byte[] fromDer(byte[] der) {
    int rLen = der[3];
    BigInteger r = new BigInteger(Arrays.copyOfRange(der, 4, 4 + rLen));
    int sLen = der[5 + rLen];
    BigInteger s = new BigInteger(Arrays.copyOfRange(der, 6 + rLen, 6 + rLen + sLen));
    byte[] out = new byte[64];
    System.arraycopy(fixed(r), 0, out, 0, 32);
    System.arraycopy(fixed(s), 0, out, 32, 32);
    return out;
  }
}
