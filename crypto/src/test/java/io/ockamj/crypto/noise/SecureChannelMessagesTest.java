package io.ockamj.crypto.noise;

import static io.ockamj.protocol.testing.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.protocol.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SecureChannelMessagesTest {

  static Stream<JsonNode> vectors() {
    return Vectors.vectors("secure-channel-messages.json", null).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decodeAndReencodeIdentically(JsonNode v) {
    byte[] bytes = hex(v.get("plaintext_hex"));
    JsonNode c = v.get("computed");
    SecureChannelPaddedMessage m = SecureChannelPaddedMessage.decode(bytes);
    assertThat(m.message().variantIndex()).isEqualTo(c.get("variant_index").asInt());
    assertThat(m.message().getClass().getSimpleName()).isEqualTo(c.get("variant").asText());
    assertThat(m.padding()).isEqualTo(hex(c.get("padding_hex")));
    if (m.message() instanceof SecureChannelMessage.RefreshCredentials) {
      SecureChannelMessage.RefreshCredentials rc = (SecureChannelMessage.RefreshCredentials) m.message();
      assertThat(rc.changeHistory()).isEqualTo(hex(c.get("change_history_hex")));
      assertThat(rc.credentials()).hasSize(c.get("credentials").size());
      for (int i = 0; i < rc.credentials().size(); i++) {
        assertThat(rc.credentials().get(i)).isEqualTo(hex(c.get("credentials").get(i)));
      }
      // rebuilt from the parts, the message encodes to the same bytes
      assertThat(SecureChannelPaddedMessage.encode(new SecureChannelMessage.RefreshCredentials(
        rc.changeHistory(), rc.credentials()))).isEqualTo(bytes);
    }
    if (m.message() instanceof SecureChannelMessage.Close) {
      assertThat(SecureChannelPaddedMessage.encode(SecureChannelMessage.Close.INSTANCE)).isEqualTo(bytes);
    }
    assertThat(m.encode()).isEqualTo(bytes);
    assertThat(SecureChannelPaddedMessage.decode(m.encode())).isEqualTo(m);
  }

  @Test
  void payloadRoundTripsThroughCbor() {
    SecureChannelMessage.Payload p = new SecureChannelMessage.Payload(Route.of("echo"), Route.of("app"),
      "hello".getBytes(StandardCharsets.UTF_8));
    byte[] bytes = SecureChannelPaddedMessage.encode(p);
    SecureChannelPaddedMessage back = SecureChannelPaddedMessage.decode(bytes);
    assertThat(back.message()).isEqualTo(p);
    assertThat(back.padding()).isEmpty();
  }

  @Test
  void identityAndCredentialsKeepsExactBytes() {
    JsonNode rc = Vectors.vectors("secure-channel-messages.json", null).stream()
      .filter(v -> v.get("computed").has("change_history_hex")).findFirst().orElseThrow().get("computed");
    byte[] ch = hex(rc.get("change_history_hex"));
    byte[] cred = hex(rc.get("credentials").get(0));
    // the credential's attestation part stands in for a purpose key attestation (any CBOR array)
    byte[] att = {(byte) 0x82, 0x41, 0x00, 0x41, 0x01};
    IdentityAndCredentials iac = new IdentityAndCredentials(ch, att, List.of(cred));
    byte[] enc = iac.encode();
    IdentityAndCredentials back = IdentityAndCredentials.decode(enc);
    assertThat(back).isEqualTo(iac);
    assertThat(back.changeHistory()).isEqualTo(ch);
    assertThat(back.purposeKeyAttestation()).isEqualTo(att);
    assertThat(back.credentials()).hasSize(1);
    assertThat(back.credentials().get(0)).isEqualTo(cred);
    assertThat(back.encode()).isEqualTo(enc);
    assertThat(enc[0]).isEqualTo((byte) 0x83);
    IdentityAndCredentials none = new IdentityAndCredentials(ch, att, List.of());
    assertThat(IdentityAndCredentials.decode(none.encode()).credentials()).isEmpty();
  }

  @Test
  void decodingIsLenientLikeMinicbor() {
    // Close with a non-empty second element and an extra trailing struct field
    byte[] lenient = {(byte) 0x83, (byte) 0x82, 0x02, (byte) 0x81, 0x01, 0x40, 0x00};
    assertThat(SecureChannelPaddedMessage.decode(lenient).message()).isSameAs(SecureChannelMessage.Close.INSTANCE);
    // indefinite-length outer array
    byte[] indefinite = {(byte) 0x9f, (byte) 0x82, 0x02, (byte) 0x80, 0x40, (byte) 0xff};
    assertThat(SecureChannelPaddedMessage.decode(indefinite).message()).isSameAs(SecureChannelMessage.Close.INSTANCE);
  }

  @Test
  void malformedPlaintextsAreDecodeErrors() {
    byte[] close = SecureChannelPaddedMessage.encode(SecureChannelMessage.Close.INSTANCE);
    // padding missing (Rust drops such messages)
    assertThatThrownBy(() -> SecureChannelPaddedMessage.decode(new byte[] {(byte) 0x81, (byte) 0x82, 0x02, (byte) 0x80}))
      .isInstanceOf(DecodeException.class);
    // unknown variant
    assertThatThrownBy(() -> SecureChannelPaddedMessage.decode(new byte[] {(byte) 0x82, (byte) 0x82, 0x03, (byte) 0x80, 0x40}))
      .isInstanceOf(DecodeException.class);
    // enum as a 3-element array
    assertThatThrownBy(() -> SecureChannelPaddedMessage.decode(new byte[] {(byte) 0x82, (byte) 0x83, 0x02, (byte) 0x80, 0x00, 0x40}))
      .isInstanceOf(DecodeException.class);
    for (int len = 0; len < close.length; len++) {
      byte[] truncated = Arrays.copyOf(close, len);
      assertThatThrownBy(() -> SecureChannelPaddedMessage.decode(truncated)).isInstanceOf(DecodeException.class);
    }
    assertThatThrownBy(() -> IdentityAndCredentials.decode(new byte[] {(byte) 0x82, (byte) 0x80, (byte) 0x80}))
      .isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> IdentityAndCredentials.decode(new byte[] {(byte) 0x83, 0x01, (byte) 0x80, (byte) 0x80}))
      .isInstanceOf(DecodeException.class);
  }
}
