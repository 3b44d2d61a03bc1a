package io.ockamj.crypto.noise;

import static io.ockamj.protocol.testing.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ockamj.crypto.noise.SecureChannelException.Reason;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DataPhaseTest {

  private static final JsonNode V = NoiseVectors.byId("data_phase_after_full_handshake2");

  private static byte[] key(String sender) {
    return hex(V.get(sender + "_encryption_key_hex"));
  }

  /** Encrypts messages 0..maxNonce with a fresh encryptor and returns the frame for {@code nonce}. */
  private static byte[][] frames(byte[] key, byte[] plaintext, int count) {
    byte[][] out = new byte[count][];
    try (ChannelEncryptor enc = new ChannelEncryptor(key, true)) {
      for (int n = 0; n < count; n++) {
        assertThat(enc.nextNonce()).isEqualTo(n);
        out[n] = enc.encrypt(plaintext);
      }
    }
    return out;
  }

  @Test
  void keysComeFromTheHandshakeVector() {
    TransportKeys[] keys = NoiseVectors.runHandshake(NoiseVectors.byId(V.get("derived_from").asText()));
    assertThat(keys[0].encryptionKey().expose()).isEqualTo(key("initiator"));
    assertThat(keys[1].encryptionKey().expose()).isEqualTo(key("responder"));
    assertThat(ChannelEncryptor.rekey(key("initiator"))).isEqualTo(hex(V.get("initiator_key_after_one_rekey_hex")));
  }

  @Test
  void encryptorReproducesFramesIncludingRekey() {
    int max = 0;
    for (JsonNode m : V.get("messages")) {
      max = Math.max(max, m.get("nonce").asInt());
    }
    byte[][] ini = null;
    byte[][] res = null;
    for (JsonNode m : V.get("messages")) {
      byte[] plaintext = hex(m.get("plaintext_hex"));
      int nonce = m.get("nonce").asInt();
      byte[][] frames;
      if ("initiator".equals(m.get("sender").asText())) {
        frames = ini != null ? ini : (ini = frames(key("initiator"), plaintext, max + 1));
      } else {
        frames = res != null ? res : (res = frames(key("responder"), plaintext, max + 1));
      }
      assertThat(frames[nonce]).as("frame at nonce %d from %s", nonce, m.get("sender").asText())
        .isEqualTo(hex(m.get("wire_hex")));
    }
  }

  @Test
  void decryptorAcceptsVectorFramesAndFollowsRekeys() {
    byte[] initiatorKey = key("initiator");
    byte[] responderKey = key("responder");
    try (ChannelDecryptor atResponder = new ChannelDecryptor(initiatorKey, true);
         ChannelDecryptor atInitiator = new ChannelDecryptor(responderKey, true)) {
      for (JsonNode m : V.get("messages")) {
        byte[] wire = hex(m.get("wire_hex"));
        ChannelDecryptor d = "initiator".equals(m.get("sender").asText()) ? atResponder : atInitiator;
        long nonce = m.get("nonce").asLong();
        assertThat(d.decrypt(wire)).isEqualTo(hex(m.get("plaintext_hex")));
        assertThat(d.lastNonce()).isEqualTo(nonce);
      }
      // every frame of the vector lies within the window of the previous one; the decryptor
      // followed the encryptor's rekeys (one per 32 nonces)
      assertThat(atResponder.rekeys()).isEqualTo(atResponder.lastNonce() / ChannelEncryptor.KEY_RENEWAL_INTERVAL);
    }
  }

  @Test
  void fullSequenceWithRekeysDecryptsInOrderAndOutOfOrder() {
    byte[] plaintext = hex(V.get("messages").get(0).get("plaintext_hex"));
    byte[][] frames = frames(key("initiator"), plaintext, 200);
    try (ChannelDecryptor d = new ChannelDecryptor(key("initiator"), true)) {
      for (int n = 0; n < 200; n += 2) {
        // pairs swapped: n+1 before n
        assertThat(d.decrypt(frames[n + 1])).isEqualTo(plaintext);
        assertThat(d.decrypt(frames[n])).isEqualTo(plaintext);
      }
      assertThat(d.rekeys()).isEqualTo(199 / 32);
      // an old message from the previous interval, still inside the window but replayed
      assertThatThrownBy(() -> d.decrypt(frames[180])).isInstanceOf(SecureChannelException.class)
        .extracting(e -> ((SecureChannelException) e).reason()).isEqualTo(Reason.NONCE_REPLAYED);
    }
  }

  @Test
  void previousIntervalKeyStillWorksForLateMessages() {
    byte[] plaintext = {1, 2, 3};
    byte[][] frames = frames(key("initiator"), plaintext, 40);
    try (ChannelDecryptor d = new ChannelDecryptor(key("initiator"), true)) {
      for (int n = 0; n < 40; n++) {
        if (n != 30) {
          d.decrypt(frames[n]);
        }
      }
      assertThat(d.rekeys()).isEqualTo(1);
      assertThat(d.decrypt(frames[30])).isEqualTo(plaintext);
    }
  }

  @Test
  void flippedTagBitIsRejectedWithoutChangingState() {
    byte[][] frames = frames(key("initiator"), new byte[] {42}, 3);
    try (ChannelDecryptor d = new ChannelDecryptor(key("initiator"), true)) {
      byte[] bad = frames[0].clone();
      bad[bad.length - 1] ^= 0x01;
      assertThatThrownBy(() -> d.decrypt(bad)).isInstanceOf(SecureChannelException.class)
        .extracting(e -> ((SecureChannelException) e).reason()).isEqualTo(Reason.DECRYPTION_FAILED);
      // forged frame did not consume nonce 0
      assertThat(d.decrypt(frames[0])).containsExactly(42);
      byte[] badNonce = frames[1].clone();
      badNonce[7] ^= 0x02; // nonce 1 -> 3: wrong nonce for this ciphertext
      assertThatThrownBy(() -> d.decrypt(badNonce)).isInstanceOf(SecureChannelException.class);
      assertThat(d.decrypt(frames[1])).containsExactly(42);
    }
  }

  @Test
  void replayedNonceIsRejected() {
    byte[][] frames = frames(key("responder"), new byte[] {7}, 2);
    try (ChannelDecryptor d = new ChannelDecryptor(key("responder"), true)) {
      d.decrypt(frames[0]);
      d.decrypt(frames[1]);
      assertThatThrownBy(() -> d.decrypt(frames[1])).isInstanceOf(SecureChannelException.class)
        .extracting(e -> ((SecureChannelException) e).reason()).isEqualTo(Reason.NONCE_REPLAYED);
      assertThatThrownBy(() -> d.decrypt(frames[0])).isInstanceOf(SecureChannelException.class)
        .extracting(e -> ((SecureChannelException) e).reason()).isEqualTo(Reason.NONCE_REPLAYED);
    }
  }

  @Test
  void nonceOutsideWindowIsRejected() {
    byte[][] frames = frames(key("initiator"), new byte[] {7}, 70);
    try (ChannelDecryptor d = new ChannelDecryptor(key("initiator"), true)) {
      assertThatThrownBy(() -> d.decrypt(frames[33])).isInstanceOf(SecureChannelException.class)
        .extracting(e -> ((SecureChannelException) e).reason()).isEqualTo(Reason.NONCE_OUTSIDE_WINDOW);
      d.decrypt(frames[32]);
      d.decrypt(frames[64]);
      assertThatThrownBy(() -> d.decrypt(frames[31])).isInstanceOf(SecureChannelException.class)
        .extracting(e -> ((SecureChannelException) e).reason()).isEqualTo(Reason.NONCE_OUTSIDE_WINDOW);
    }
  }

  @Test
  void shortInputIsInvalidNonce() {
    try (ChannelDecryptor d = new ChannelDecryptor(key("initiator"), true)) {
      for (int len = 0; len < 8; len++) {
        byte[] in = new byte[len];
        assertThatThrownBy(() -> d.decrypt(in)).isInstanceOf(SecureChannelException.class)
          .extracting(e -> ((SecureChannelException) e).reason()).isEqualTo(Reason.INVALID_NONCE);
      }
      assertThatThrownBy(() -> d.decrypt(new byte[8 + 15])).isInstanceOf(SecureChannelException.class)
        .extracting(e -> ((SecureChannelException) e).reason()).isEqualTo(Reason.DECRYPTION_FAILED);
    }
  }

  @Test
  void nonceOverflowIsIllegalState() {
    try (ChannelEncryptor enc = new ChannelEncryptor(key("initiator"), -2L, true)) {
      byte[] frame = enc.encrypt(new byte[] {1});
      assertThat(Arrays.copyOf(frame, 8)).containsOnly((byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
        (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe);
      assertThatThrownBy(() -> enc.encrypt(new byte[] {1})).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void keyExchangeOnlyChannelsNeitherRekeyNorTrackReplays() {
    byte[] k = key("initiator");
    try (ChannelEncryptor enc = new ChannelEncryptor(k, false); ChannelDecryptor d = new ChannelDecryptor(k, false)) {
      byte[][] frames = new byte[100][];
      for (int n = 0; n < 100; n++) {
        frames[n] = enc.encrypt(new byte[] {(byte) n});
      }
      assertThat(d.decrypt(frames[99])).containsExactly(99);
      assertThat(d.decrypt(frames[0])).containsExactly(0);
      assertThat(d.decrypt(frames[0])).containsExactly(0);
    }
    // with rekeying the frame at nonce 32 differs
    try (ChannelEncryptor a = new ChannelEncryptor(k, false); ChannelEncryptor b = new ChannelEncryptor(k, true)) {
      for (int n = 0; n < 32; n++) {
        assertThat(a.encrypt(new byte[1])).isEqualTo(b.encrypt(new byte[1]));
      }
      assertThat(a.encrypt(new byte[1])).isNotEqualTo(b.encrypt(new byte[1]));
    }
  }

  @Test
  void destroyWipesAndBlocksFurtherUse() {
    ChannelEncryptor enc = new ChannelEncryptor(key("initiator"), true);
    ChannelDecryptor dec = new ChannelDecryptor(key("initiator"), true);
    byte[] f = enc.encrypt(new byte[] {1});
    enc.close();
    dec.close();
    assertThat(enc.isDestroyed()).isTrue();
    assertThat(dec.isDestroyed()).isTrue();
    assertThatThrownBy(() -> enc.encrypt(new byte[] {1})).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> dec.decrypt(f)).isInstanceOf(IllegalStateException.class);
  }
}
