package io.ockamj.crypto.primitives;

import static io.ockamj.protocol.testing.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ockamj.protocol.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PrimitivesTest {

  private static JsonNode vector(String id) {
    for (JsonNode v : Vectors.load("noise-xx.json").get("vectors")) {
      if (id.equals(v.path("id").asText())) {
        return v;
      }
    }
    throw new IllegalStateException("no vector " + id);
  }

  @Test
  void hkdfMatchesElixirNifVector() {
    JsonNode v = vector("hkdf_elixir_nif");
    byte[] salt = hex(v.get("salt_hex"));
    byte[] ikm = hex(v.get("ikm_hex"));
    byte[] info = hex(v.get("info_hex"));
    int length = v.get("output_length").asInt();
    byte[] okm = Hkdf.derive(salt, ikm, info, length);
    assertThat(Arrays.copyOfRange(okm, 0, 32)).isEqualTo(hex(v.get("expected_output1_hex")));
    assertThat(Arrays.copyOfRange(okm, 32, 64)).isEqualTo(hex(v.get("expected_output2_hex")));

    byte[][] keys = Hkdf.deriveKeys(salt, ikm, length / 32);
    assertThat(keys[0]).isEqualTo(hex(v.get("expected_output1_hex")));
    assertThat(keys[1]).isEqualTo(hex(v.get("expected_output2_hex")));
  }

  @Test
  void hkdfExpandTruncatesAndRejectsTooLong() {
    byte[] prk = Hkdf.extract(new byte[0], new byte[] {1, 2, 3});
    assertThat(prk).isEqualTo(Hkdf.extract(new byte[32], new byte[] {1, 2, 3}));
    byte[] long70 = Hkdf.expand(prk, null, 70);
    assertThat(Hkdf.expand(prk, null, 10)).isEqualTo(Arrays.copyOf(long70, 10));
    assertThatThrownBy(() -> Hkdf.expand(prk, null, Hkdf.MAX_OUTPUT + 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aesGcmMatchesElixirNifVector() {
    JsonNode v = vector("aes256gcm_elixir_nif");
    byte[] key = hex(v.get("key_hex"));
    long n = v.get("nonce_int").asLong();
    byte[] plaintext = v.get("plaintext_text").asText().getBytes(StandardCharsets.UTF_8);
    byte[] aad = v.get("aad_text").asText().getBytes(StandardCharsets.UTF_8);
    byte[] expected = hex(v.get("ciphertext_and_tag_hex"));

    assertThat(AesGcm.nonce(n)).isEqualTo(hex(v.get("computed").get("nonce12_hex")));
    assertThat(AesGcm.encrypt(key, n, aad, plaintext)).isEqualTo(expected);
    // a second identical encryption must work too (JCA refuses key+IV reuse on one Cipher)
    assertThat(AesGcm.encrypt(key, n, aad, plaintext)).isEqualTo(expected);
    assertThat(AesGcm.decrypt(key, n, aad, expected)).isEqualTo(plaintext);
  }

  @Test
  void aesGcmRejectsTamperingWithTypedException() {
    JsonNode v = vector("aes256gcm_elixir_nif");
    byte[] key = hex(v.get("key_hex"));
    long n = v.get("nonce_int").asLong();
    byte[] aad = v.get("aad_text").asText().getBytes(StandardCharsets.UTF_8);
    byte[] ct = hex(v.get("ciphertext_and_tag_hex"));

    byte[] flippedTag = ct.clone();
    flippedTag[flippedTag.length - 1] ^= 1;
    assertThatThrownBy(() -> AesGcm.decrypt(key, n, aad, flippedTag)).isInstanceOf(AeadException.class);
    byte[] flippedBody = ct.clone();
    flippedBody[0] ^= (byte) 0x80;
    assertThatThrownBy(() -> AesGcm.decrypt(key, n, aad, flippedBody)).isInstanceOf(AeadException.class);
    assertThatThrownBy(() -> AesGcm.decrypt(key, n + 1, aad, ct)).isInstanceOf(AeadException.class);
    assertThatThrownBy(() -> AesGcm.decrypt(key, n, new byte[0], ct)).isInstanceOf(AeadException.class);
    assertThatThrownBy(() -> AesGcm.decrypt(key, n, aad, new byte[15])).isInstanceOf(AeadException.class);
  }

  @Test
  void x25519PublicKeysAndAgreementMatchHandshakeVector() {
    JsonNode v = vector("full_handshake1");
    JsonNode c = v.get("computed");
    byte[] is = hex(v.get("initiator_static_secret_hex"));
    byte[] rs = hex(v.get("responder_static_secret_hex"));
    assertThat(X25519.publicKey(is)).isEqualTo(hex(c.get("initiator_static_public_hex")));
    assertThat(X25519.publicKey(rs)).isEqualTo(hex(c.get("responder_static_public_hex")));
    assertThat(X25519.publicKey(hex(v.get("initiator_ephemeral_secret_hex"))))
      .isEqualTo(hex(c.get("initiator_ephemeral_public_hex")));
    assertThat(X25519.agree(is, X25519.publicKey(rs))).isEqualTo(X25519.agree(rs, X25519.publicKey(is)));
  }

  @Test
  void x25519RejectsLowOrderPoints() {
    byte[] secret = X25519.generateSecret();
    assertThatThrownBy(() -> X25519.agree(secret, new byte[32])).isInstanceOf(WeakKeyException.class);
    byte[] one = new byte[32];
    one[0] = 1;
    assertThatThrownBy(() -> X25519.agree(secret, one)).isInstanceOf(WeakKeyException.class);
    assertThatThrownBy(() -> X25519.agree(secret, new byte[31])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sha256OfPaddedNoiseNameIsInitialHash() {
    JsonNode v = vector("initialization");
    assertThat(Sha256.digest(hex(v.get("protocol_name_hex")))).isEqualTo(hex(v.get("expected_h_hex")));
    byte[] name = hex(v.get("protocol_name_hex"));
    assertThat(Sha256.digest(Arrays.copyOf(name, 10), Arrays.copyOfRange(name, 10, 32)))
      .isEqualTo(hex(v.get("expected_h_hex")));
  }

  @Test
  void secretBytesWipesAndNeverPrintsContents() {
    byte[] raw = {1, 2, 3, 4};
    SecretBytes s = SecretBytes.wrap(raw);
    assertThat(s.toString()).doesNotContain("1, 2").contains("4 bytes");
    assertThat(s.contentEquals(new byte[] {1, 2, 3, 4})).isTrue();
    s.close();
    assertThat(raw).containsOnly(0);
    assertThat(s.isDestroyed()).isTrue();
    assertThatThrownBy(s::expose).isInstanceOf(IllegalStateException.class);
  }
}
