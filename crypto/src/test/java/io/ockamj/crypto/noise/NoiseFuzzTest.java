package io.ockamj.crypto.noise;

import static io.ockamj.protocol.testing.Vectors.hex;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.ockamj.protocol.errors.DecodeException;
import java.util.Arrays;

/**
 * Jazzer fuzz targets for every decoder of this package. In a normal build they run in regression
 * mode over the seeds in {@code src/test/resources/io/ockamj/crypto/noise/NoiseFuzzTestInputs/};
 * with {@code JAZZER_FUZZ=1} they fuzz. Only the typed exceptions may escape the code under test.
 */
class NoiseFuzzTest {

  private static final JsonNode HS = NoiseVectors.byId("full_handshake2");
  private static final byte[] MESSAGE1 = hex(HS.get("message1_hex"));
  private static final byte[] MESSAGE2 = hex(HS.get("message2_hex"));
  private static final byte[] DATA_KEY =
    hex(NoiseVectors.byId("data_phase_after_full_handshake2").get("initiator_encryption_key_hex"));

  @FuzzTest(maxDuration = "30s")
  void plaintextMessageDecode(byte[] data) {
    SecureChannelPaddedMessage m;
    try {
      m = SecureChannelPaddedMessage.decode(data);
    } catch (DecodeException expected) {
      return;
    }
    // whatever decodes must re-encode to something that decodes to the same message
    if (!SecureChannelPaddedMessage.decode(m.encode()).equals(m)) {
      throw new AssertionError("re-encoded message differs");
    }
  }

  @FuzzTest(maxDuration = "30s")
  void identityAndCredentialsDecode(byte[] data) {
    IdentityAndCredentials iac;
    try {
      iac = IdentityAndCredentials.decode(data);
    } catch (DecodeException expected) {
      return;
    }
    if (!IdentityAndCredentials.decode(iac.encode()).equals(iac)) {
      throw new AssertionError("re-encoded payload differs");
    }
  }

  @FuzzTest(maxDuration = "30s")
  void responderReadMessage(byte[] data) {
    // as message 1
    HandshakeState r = NoiseVectors.responder(HS);
    try {
      r.readMessage(data);
      r.writeMessage(new byte[0]);
    } catch (SecureChannelException expected) {
      // fine
    }
    // as message 3, after a genuine message 1
    HandshakeState r3 = NoiseVectors.responder(HS);
    r3.readMessage(MESSAGE1);
    r3.writeMessage(hex(HS.get("message2_payload_hex")));
    try {
      r3.readMessage(data);
    } catch (SecureChannelException expected) {
      // fine
    }
    // as message 2 read by the initiator
    HandshakeState i = NoiseVectors.initiator(HS);
    i.writeMessage(hex(HS.get("message1_payload_hex")));
    try {
      i.readMessage(data);
    } catch (SecureChannelException expected) {
      // fine
    }
    // a rejected message never breaks the state: the genuine one still works
    if (i.getAction() == HandshakeState.Action.READ_MESSAGE) {
      i.readMessage(MESSAGE2);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void decryptorRandomBytes(byte[] data) {
    // data = a sequence of frames, each prefixed with a one-byte length
    try (ChannelDecryptor d = new ChannelDecryptor(DATA_KEY, true);
         ChannelDecryptor kx = new ChannelDecryptor(DATA_KEY, false)) {
      int pos = 0;
      while (pos < data.length) {
        int len = Math.min(data[pos] & 0xFF, data.length - pos - 1);
        byte[] frame = Arrays.copyOfRange(data, pos + 1, pos + 1 + len);
        pos += 1 + len;
        try {
          d.decrypt(frame);
        } catch (SecureChannelException expected) {
          // fine
        }
        try {
          kx.decrypt(frame);
        } catch (SecureChannelException expected) {
          // fine
        }
      }
    }
  }
}
