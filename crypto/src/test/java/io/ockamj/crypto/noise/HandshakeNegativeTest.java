package io.ockamj.crypto.noise;

import static io.ockamj.protocol.testing.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ockamj.crypto.noise.HandshakeState.Action;
import io.ockamj.crypto.noise.SecureChannelException.Reason;
import java.util.Arrays;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class HandshakeNegativeTest {

  private static final JsonNode V = NoiseVectors.byId("full_handshake2");

  private static AbstractThrowableAssert<?, ?> assertReason(Runnable r, Reason reason) {
    return assertThatThrownBy(r::run).isInstanceOf(SecureChannelException.class)
      .satisfies(e -> assertThat(((SecureChannelException) e).reason()).isEqualTo(reason));
  }

  @Test
  void truncatedMessage1IsRejectedAndStateKept() {
    HandshakeState r = NoiseVectors.responder(V);
    byte[] m1 = hex(V.get("message1_hex"));
    byte[] h0 = r.getHandshakeHash();
    for (int len = 0; len < HandshakeState.MESSAGE1_MIN; len++) {
      byte[] cut = Arrays.copyOf(m1, len);
      assertReason(() -> r.readMessage(cut), Reason.MESSAGE_LEN_MISMATCH);
    }
    assertThat(r.getAction()).isEqualTo(Action.READ_MESSAGE);
    assertThat(r.getHandshakeHash()).isEqualTo(h0);
    assertThat(r.readMessage(m1)).isEqualTo(hex(V.get("message1_payload_hex")));
  }

  @Test
  void oversizedMessagesAreRejected() {
    HandshakeState r = NoiseVectors.responder(V);
    byte[] big = new byte[HandshakeState.MAX_MESSAGE_SIZE + 1];
    assertReason(() -> r.readMessage(big), Reason.MESSAGE_TOO_LARGE);
    // exactly the maximum is accepted for message 1 (Rust accepts 32..65535)
    HandshakeState r2 = NoiseVectors.responder(V);
    byte[] max = Arrays.copyOf(hex(V.get("message1_hex")), HandshakeState.MAX_MESSAGE_SIZE);
    assertThat(r2.readMessage(max)).hasSize(HandshakeState.MAX_MESSAGE_SIZE - 32);

    HandshakeState i = NoiseVectors.initiator(V);
    i.writeMessage(hex(V.get("message1_payload_hex")));
    assertReason(() -> i.readMessage(big), Reason.MESSAGE_TOO_LARGE);
    assertThatThrownBy(() -> i.writeMessage(new byte[1])).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void truncatedOrTamperedMessage2KeepsInitiatorWaiting() {
    HandshakeState i = NoiseVectors.initiator(V);
    i.writeMessage(hex(V.get("message1_payload_hex")));
    byte[] m2 = hex(V.get("message2_hex"));
    for (int len = 0; len < HandshakeState.MESSAGE2_MIN; len++) {
      byte[] cut = Arrays.copyOf(m2, len);
      assertReason(() -> i.readMessage(cut), Reason.MESSAGE_LEN_MISMATCH);
    }
    // cut inside the payload: authentication fails
    assertReason(() -> i.readMessage(Arrays.copyOf(m2, m2.length - 1)), Reason.DECRYPTION_FAILED);
    byte[] h = i.getHandshakeHash();
    for (int bit : new int[] {0, 32 * 8, 79 * 8 + 7, m2.length * 8 - 1}) {
      byte[] flipped = m2.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      Reason expected = bit < 32 * 8 ? null : Reason.DECRYPTION_FAILED;
      assertThatThrownBy(() -> i.readMessage(flipped)).isInstanceOf(SecureChannelException.class)
        .satisfies(e -> {
          if (expected != null) {
            assertThat(((SecureChannelException) e).reason()).isEqualTo(expected);
          }
        });
      assertThat(i.getAction()).isEqualTo(Action.READ_MESSAGE);
      assertThat(i.getHandshakeHash()).isEqualTo(h);
      assertThat(i.getRemoteStaticPublicKey()).isNull();
    }
    // the genuine message still completes the handshake
    assertThat(i.readMessage(m2)).isEqualTo(hex(V.get("message2_payload_hex")));
    assertThat(i.writeMessage(hex(V.get("message3_payload_hex")))).isEqualTo(hex(V.get("message3_hex")));
  }

  @Test
  void truncatedOrTamperedMessage3IsRejected() {
    HandshakeState r = NoiseVectors.responder(V);
    r.readMessage(hex(V.get("message1_hex")));
    r.writeMessage(hex(V.get("message2_payload_hex")));
    byte[] m3 = hex(V.get("message3_hex"));
    for (int len = 0; len < HandshakeState.MESSAGE3_MIN; len++) {
      byte[] cut = Arrays.copyOf(m3, len);
      assertReason(() -> r.readMessage(cut), Reason.MESSAGE_LEN_MISMATCH);
    }
    byte[] flippedTag = m3.clone();
    flippedTag[m3.length - 1] ^= 1;
    assertReason(() -> r.readMessage(flippedTag), Reason.DECRYPTION_FAILED);
    byte[] flippedKey = m3.clone();
    flippedKey[0] ^= 1;
    assertReason(() -> r.readMessage(flippedKey), Reason.DECRYPTION_FAILED);
    assertThat(r.getAction()).isEqualTo(Action.READ_MESSAGE);
    assertThat(r.readMessage(m3)).isEqualTo(hex(V.get("message3_payload_hex")));
    assertThat(r.getAction()).isEqualTo(Action.SPLIT);
  }

  @Test
  void lowOrderEphemeralKeyIsRejected() {
    HandshakeState i = NoiseVectors.initiator(V);
    i.writeMessage(new byte[0]);
    byte[] m2 = hex(V.get("message2_hex"));
    Arrays.fill(m2, 0, 32, (byte) 0);
    assertReason(() -> i.readMessage(m2), Reason.WEAK_KEY);
    assertThat(i.getAction()).isEqualTo(Action.READ_MESSAGE);

    // a responder that read a low-order e in message 1 fails when writing message 2
    HandshakeState r = NoiseVectors.responder(V);
    r.readMessage(new byte[32]);
    assertReason(() -> r.writeMessage(new byte[0]), Reason.WEAK_KEY);
    assertThat(r.getAction()).isEqualTo(Action.FAILED);
  }

  @Test
  void wrongStateCallsAreIllegalState() {
    HandshakeState i = NoiseVectors.initiator(V);
    assertThatThrownBy(() -> i.readMessage(new byte[32])).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(i::split).isInstanceOf(IllegalStateException.class);
    HandshakeState r = NoiseVectors.responder(V);
    assertThatThrownBy(() -> r.writeMessage(new byte[0])).isInstanceOf(IllegalStateException.class);
    r.fail();
    assertThat(r.getAction()).isEqualTo(Action.FAILED);
    assertThatThrownBy(() -> r.readMessage(new byte[32])).isInstanceOf(IllegalStateException.class);
    i.close();
    assertThat(i.getAction()).isEqualTo(Action.FAILED);
    assertThat(i.isDestroyed()).isTrue();
    assertThat(i.toString()).doesNotContain(V.get("initiator_static_secret_hex").asText());
  }

  @Test
  void payloadTooLargeForAMessageIsIllegalArgument() {
    HandshakeState i = NoiseVectors.initiator(V);
    assertThatThrownBy(() -> i.writeMessage(new byte[HandshakeState.MAX_MESSAGE_SIZE - 31]))
      .isInstanceOf(IllegalArgumentException.class);
    assertThat(i.getAction()).isEqualTo(Action.WRITE_MESSAGE);
    assertThat(i.writeMessage(new byte[HandshakeState.MAX_MESSAGE_SIZE - 32])).hasSize(HandshakeState.MAX_MESSAGE_SIZE);
  }
}
