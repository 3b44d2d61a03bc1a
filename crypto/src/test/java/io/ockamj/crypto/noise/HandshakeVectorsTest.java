package io.ockamj.crypto.noise;

import static io.ockamj.protocol.testing.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ockamj.crypto.noise.HandshakeState.Action;
import io.ockamj.crypto.noise.HandshakeState.Role;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HandshakeVectorsTest {

  static Stream<JsonNode> handshakes() {
    return NoiseVectors.handshakes().stream();
  }

  @Test
  void initializationMatchesVector() {
    JsonNode v = NoiseVectors.byId("initialization");
    byte[] name = v.get("protocol_name_text").asText().getBytes(StandardCharsets.US_ASCII);
    assertThat(name.length + v.get("protocol_name_zero_padding").asInt()).isEqualTo(32);
    // the unpadded name is zero-padded by the state itself
    HandshakeState hs = HandshakeState.create(Role.INITIATOR, new byte[32], null, name);
    assertThat(hs.getHandshakeHash()).isEqualTo(hex(v.get("expected_h_hex")));
    assertThat(hs.chainingKey()).isEqualTo(hex(v.get("expected_ck_hex")));
    HandshakeState padded = HandshakeState.create(Role.RESPONDER, new byte[32], null, hex(v.get("protocol_name_hex")));
    assertThat(padded.getHandshakeHash()).isEqualTo(hex(v.get("expected_h_hex")));
    assertThat(padded.chainingKey()).isEqualTo(hex(v.get("expected_ck_hex")));
    assertThat(v.get("expected_n").asInt()).isZero();
  }

  @Test
  void productionNameIsExactly32Bytes() {
    JsonNode doc = io.ockamj.protocol.testing.Vectors.load("noise-xx.json");
    assertThat(HandshakeState.PROTOCOL_NAME).isEqualTo(doc.get("production_protocol_name").asText());
    assertThat(HandshakeState.PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII)).hasSize(32);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("handshakes")
  void fullHandshakeReproducesMessagesByteForByte(JsonNode v) {
    JsonNode c = v.get("computed");
    HandshakeState i = NoiseVectors.initiator(v);
    HandshakeState r = NoiseVectors.responder(v);
    assertThat(i.getLocalStaticPublicKey()).isEqualTo(hex(c.get("initiator_static_public_hex")));
    assertThat(r.getLocalEphemeralPublicKey()).isEqualTo(hex(c.get("responder_ephemeral_public_hex")));

    assertThat(i.getAction()).isEqualTo(Action.WRITE_MESSAGE);
    assertThat(r.getAction()).isEqualTo(Action.READ_MESSAGE);

    byte[] m1 = i.writeMessage(hex(v.get("message1_payload_hex")));
    assertThat(m1).isEqualTo(hex(v.get("message1_hex")));
    assertThat(r.readMessage(m1)).isEqualTo(hex(v.get("message1_payload_hex")));
    assertThat(r.getRemoteEphemeralPublicKey()).isEqualTo(hex(c.get("initiator_ephemeral_public_hex")));

    assertThat(i.getAction()).isEqualTo(Action.READ_MESSAGE);
    assertThat(r.getAction()).isEqualTo(Action.WRITE_MESSAGE);
    byte[] m2 = r.writeMessage(hex(v.get("message2_payload_hex")));
    assertThat(m2).isEqualTo(hex(v.get("message2_hex")));
    assertThat(i.readMessage(m2)).isEqualTo(hex(v.get("message2_payload_hex")));
    assertThat(i.getRemoteStaticPublicKey()).isEqualTo(hex(c.get("responder_static_public_hex")));

    assertThat(i.getAction()).isEqualTo(Action.WRITE_MESSAGE);
    assertThat(r.getAction()).isEqualTo(Action.READ_MESSAGE);
    assertThat(r.getRemoteStaticPublicKey()).isNull();
    byte[] m3 = i.writeMessage(hex(v.get("message3_payload_hex")));
    assertThat(m3).isEqualTo(hex(v.get("message3_hex")));
    assertThat(r.readMessage(m3)).isEqualTo(hex(v.get("message3_payload_hex")));
    assertThat(r.getRemoteStaticPublicKey()).isEqualTo(hex(c.get("initiator_static_public_hex")));

    assertThat(i.getAction()).isEqualTo(Action.SPLIT);
    assertThat(r.getAction()).isEqualTo(Action.SPLIT);
    assertThat(i.getHandshakeHash()).isEqualTo(hex(c.get("final_h_hex")));
    assertThat(r.getHandshakeHash()).isEqualTo(hex(c.get("final_h_hex")));
    assertThat(i.chainingKey()).isEqualTo(hex(c.get("final_ck_hex")));
    assertThat(r.chainingKey()).isEqualTo(hex(c.get("final_ck_hex")));

    try (TransportKeys ik = i.split(); TransportKeys rk = r.split()) {
      assertThat(i.getAction()).isEqualTo(Action.COMPLETE);
      assertThat(r.getAction()).isEqualTo(Action.COMPLETE);
      // Ockam's reversed split: the initiator encrypts with k2, the responder with k1
      assertThat(ik.encryptionKey().expose()).isEqualTo(hex(c.get("split_k2_hex")))
        .isEqualTo(hex(c.get("initiator_encryption_key_hex")));
      assertThat(ik.decryptionKey().expose()).isEqualTo(hex(c.get("split_k1_hex")))
        .isEqualTo(hex(c.get("initiator_decryption_key_hex")));
      assertThat(rk.encryptionKey().expose()).isEqualTo(hex(c.get("responder_encryption_key_hex")));
      assertThat(rk.decryptionKey().expose()).isEqualTo(hex(c.get("responder_decryption_key_hex")));
      assertThat(ik.handshakeHash()).isEqualTo(hex(c.get("final_h_hex")));
      assertThat(i.getHandshakeHash()).isEqualTo(hex(c.get("final_h_hex")));
      assertThat(ik.toString()).doesNotContain(c.get("split_k2_hex").asText());
    }
  }

  @Test
  void productionHandshakeWithRandomKeysInteroperates() {
    byte[] is = io.ockamj.crypto.primitives.X25519.generateSecret();
    byte[] rs = io.ockamj.crypto.primitives.X25519.generateSecret();
    HandshakeState i = HandshakeState.initiator(is);
    HandshakeState r = HandshakeState.responder(rs);
    byte[] m1 = i.writeMessage(new byte[0]);
    assertThat(m1).hasSize(32);
    r.readMessage(m1);
    byte[] p2 = "responder identity".getBytes(StandardCharsets.UTF_8);
    byte[] m2 = r.writeMessage(p2);
    assertThat(m2).hasSize(32 + 48 + p2.length + 16);
    assertThat(i.readMessage(m2)).isEqualTo(p2);
    byte[] p3 = "initiator identity".getBytes(StandardCharsets.UTF_8);
    byte[] m3 = i.writeMessage(p3);
    assertThat(m3).hasSize(48 + p3.length + 16);
    assertThat(r.readMessage(m3)).isEqualTo(p3);
    assertThat(i.getRemoteStaticPublicKey()).isEqualTo(r.getLocalStaticPublicKey());
    assertThat(r.getRemoteStaticPublicKey()).isEqualTo(i.getLocalStaticPublicKey());
    try (TransportKeys ik = i.split(); TransportKeys rk = r.split();
         ChannelEncryptor enc = ik.newEncryptor(); ChannelDecryptor dec = rk.newDecryptor();
         ChannelEncryptor back = rk.newEncryptor(); ChannelDecryptor backDec = ik.newDecryptor()) {
      byte[] msg = SecureChannelPaddedMessage.encode(SecureChannelMessage.Close.INSTANCE);
      assertThat(dec.decrypt(enc.encrypt(msg))).isEqualTo(msg);
      assertThat(backDec.decrypt(back.encrypt(msg))).isEqualTo(msg);
    }
  }
}
