package io.ockamj.crypto.pkcs11;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.function.UnaryOperator;

/**
 * A minimal self-signed X.509 v3 certificate in DER, built by hand (bcpkix is not a dependency).
 * SunPKCS11's key store only lists private keys that have a certificate, so every key the vault
 * makes gets one: subject and issuer {@code CN=<alias>}, a validity from 2024 to 9999, the key's
 * SubjectPublicKeyInfo, signed by the key itself with ECDSA-SHA256. Nothing reads the certificate
 * but the key store; Ockam never shows it to anyone.
 */
final class SelfSignedCertificate {

  private static final byte[] ECDSA_WITH_SHA256 = HexFormat.of().parseHex("2a8648ce3d040302");
  private static final byte[] COMMON_NAME = HexFormat.of().parseHex("550403");

  private SelfSignedCertificate() {
  }

  /**
   * Builds and parses the certificate.
   *
   * @param commonName the subject and issuer common name (ASCII)
   * @param publicKey the key's public part
   * @param signer signs the TBSCertificate bytes with the key's private part (SHA256withECDSA, DER)
   * @return the certificate
   * @throws GeneralSecurityException if the result does not parse
   */
  static X509Certificate create(String commonName, PublicKey publicKey, UnaryOperator<byte[]> signer)
      throws GeneralSecurityException {
    byte[] algorithm = tlv(0x30, tlv(0x06, ECDSA_WITH_SHA256));
    byte[] name = tlv(0x30, tlv(0x31, tlv(0x30, tlv(0x06, COMMON_NAME),
      tlv(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
    byte[] validity = tlv(0x30, tlv(0x17, ascii("240101000000Z")), tlv(0x18, ascii("99991231235959Z")));
    byte[] tbs = tlv(0x30,
      tlv(0xa0, tlv(0x02, new byte[] {2})),   // [0] version v3
      tlv(0x02, new byte[] {1}),              // serial number
      algorithm, name, validity, name,
      publicKey.getEncoded());
    byte[] signature = signer.apply(tbs);
    byte[] bitString = new byte[signature.length + 1]; // first byte: no unused bits
    System.arraycopy(signature, 0, bitString, 1, signature.length);
    byte[] der = tlv(0x30, tbs, algorithm, tlv(0x03, bitString));
    return (X509Certificate) CertificateFactory.getInstance("X.509")
      .generateCertificate(new ByteArrayInputStream(der));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** One DER tag-length-value (definite lengths up to 65535 bytes). */
  static byte[] tlv(int tag, byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      content.writeBytes(p);
    }
    int n = content.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream(n + 4);
    out.write(tag);
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else {
      out.write(0x82);
      out.write(n >>> 8);
      out.write(n & 0xff);
    }
    out.writeBytes(content.toByteArray());
    return out.toByteArray();
  }
}
