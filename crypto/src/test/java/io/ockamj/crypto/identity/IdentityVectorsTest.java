package io.ockamj.crypto.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.KeyType;
import io.ockamj.crypto.Signature;
import io.ockamj.crypto.SoftwareVault;
import io.ockamj.crypto.VerifyingPublicKey;
import io.ockamj.crypto.VerifyingVault;
import io.ockamj.crypto.identity.IdentityException.Rule;
import io.ockamj.protocol.testing.Vectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every change history of {@code identities.json}. */
class IdentityVectorsTest {

  static Stream<Arguments> vectors() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode v : Vectors.load("identities.json").get("vectors")) {
      out.add(Arguments.of(v.get("id").asText(), v));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decodesAndReencodesByteIdentically(String id, JsonNode v) {
    byte[] bytes = Vectors.hex(v.get("change_history_hex"));
    ChangeHistory history = ChangeHistory.decode(bytes);
    assertThat(history.encode()).isEqualTo(bytes);
    assertThat(history.bytes()).isEqualTo(bytes);
    assertThat(history.hex()).isEqualTo(v.get("change_history_hex").asText());
    assertThat(ChangeHistory.fromHex(v.get("change_history_hex").asText().toUpperCase(Locale.ROOT))).isEqualTo(history);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void verifiesAndYieldsItsIdentifier(String id, JsonNode v) {
    byte[] bytes = Vectors.hex(v.get("change_history_hex"));
    Identity identity = Identity.importFrom(bytes);
    String expected = v.get("computed").get("identifier").asText();
    assertThat(identity.identifier().toString()).isEqualTo(expected);
    if (v.has("identifier")) {
      assertThat(identity.identifier().toString()).isEqualTo(v.get("identifier").asText());
    }
    assertThat(identity.primaryPublicKey().type().ockamName()).isEqualTo(v.get("key_type").asText());
    assertThat(identity.export()).isEqualTo(bytes);
    assertThat(Identity.importFrom(Identifier.parse(expected), bytes)).isEqualTo(identity);
    assertThat(Identity.importHex(v.get("change_history_hex").asText())).isEqualTo(identity);
    assertThat(identity.compare(Identity.importFrom(bytes))).isEqualTo(HistoryComparison.EQUAL);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decodedChangesMatchTheComputedStructure(String id, JsonNode v) {
    ChangeHistory history = ChangeHistory.fromHex(v.get("change_history_hex").asText());
    JsonNode changes = v.get("computed").get("changes");
    assertThat(history.size()).isEqualTo(changes.size());
    for (int i = 0; i < changes.size(); i++) {
      JsonNode c = changes.get(i);
      Change change = history.changes().get(i);
      ChangeData d = change.changeData();
      assertThat(change.hash().hex()).isEqualTo(c.get("change_hash_hex").asText());
      assertThat(Vectors.hex(change.versionedData())).isEqualTo(c.get("data_hex").asText());
      assertThat(c.get("version").asInt()).isEqualTo(1);
      assertThat(c.get("data_type").asInt()).isEqualTo(1);
      if (c.get("previous_change_hex").isNull()) {
        assertThat(d.previousChange()).isEmpty();
      } else {
        assertThat(d.previousChange()).get().hasToString(c.get("previous_change_hex").asText());
      }
      assertThat(d.primaryPublicKey().type().ockamName()).isEqualTo(c.get("primary_public_key").get("type").asText());
      assertThat(d.primaryPublicKey().hex()).isEqualTo(c.get("primary_public_key").get("hex").asText());
      assertThat(d.revokeAllPurposeKeys()).isEqualTo(c.get("revoke_all_purpose_keys").asBoolean());
      assertThat(d.attestationsValidFrom()).isEqualTo(c.get("attestations_valid_from").asLong());
      assertThat(d.attestationsValidUntil()).isEqualTo(c.get("attestations_valid_until").asLong());
      assertThat(change.signature().type().ockamName()).isEqualTo(c.get("signature").get("type").asText());
      assertThat(change.signature().hex()).isEqualTo(c.get("signature").get("hex").asText());
      if (c.get("previous_signature").isNull()) {
        assertThat(change.previousSignature()).isEmpty();
      } else {
        assertThat(change.previousSignature().get().hex()).isEqualTo(c.get("previous_signature").get("hex").asText());
      }
      // the change data re-encodes to the signed bytes
      assertThat(Cbor.wrapVersioned(Cbor.CHANGE_DATA, d.encode())).isEqualTo(change.versionedData());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void secretGivesThePublicKeyOfTheHistory(String id, JsonNode v) {
    if (!v.has("secret_key_hex")) {
      return;
    }
    Identity identity = Identity.importHex(v.get("change_history_hex").asText());
    SoftwareVault vault = SoftwareVault.create();
    KeyId key = vault.importSecret(KeyType.fromOckamName(v.get("key_type").asText()), Vectors.hex(v.get("secret_key_hex")));
    VerifyingPublicKey pub = vault.verifyingPublicKey(key);
    assertThat(pub.hex()).isEqualTo(v.get("computed").get("public_key_from_secret_hex").asText());
    assertThat(pub).isEqualTo(identity.primaryPublicKey());
    assertThat(vault.findSigningKey(identity.primaryPublicKey())).contains(key);
    // the imported key can sign for the identity (it can attest a purpose key)
    byte[] digest = VerifyingVault.software().sha256(new byte[] {1, 2, 3});
    Signature s = vault.sign(key, digest);
    assertThat(VerifyingVault.software().verify(identity.primaryPublicKey(), digest, s)).isTrue();
    // an Ed25519 signature is deterministic: re-signing the first change reproduces its signature
    Change first = identity.changeHistory().firstChange();
    if (pub.type() == KeyType.ED25519) {
      assertThat(vault.sign(key, first.hash().bytes())).isEqualTo(first.signature());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void displayText(String id, JsonNode v) {
    if (!v.has("display_text")) {
      return;
    }
    assertThat(Identity.importHex(v.get("change_history_hex").asText())).hasToString(v.get("display_text").asText());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void otherCopiesOfTheHistoryAgree(String id, JsonNode v) {
    for (JsonNode other : v.path("also_in")) {
      if (other.has("change_history_hex")) {
        assertThat(Identity.importHex(other.get("change_history_hex").asText()).identifier().toString())
          .isEqualTo(v.get("computed").get("identifier").asText());
      }
      if (other.has("identifier")) {
        assertThat(other.get("identifier").asText()).isEqualTo(v.get("computed").get("identifier").asText());
      }
    }
  }

  @Test
  void aHistoryDoesNotImportUnderAnotherIdentifier() {
    List<JsonNode> all = new ArrayList<>();
    Vectors.load("identities.json").get("vectors").forEach(all::add);
    byte[] first = Vectors.hex(all.get(0).get("change_history_hex"));
    Identifier other = Identifier.parse(all.get(1).get("computed").get("identifier").asText());
    assertThatThrownBy(() -> Identity.importFrom(other, first))
      .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.rule()).isEqualTo(Rule.IDENTIFIER_MISMATCH));
  }

  @Test
  void identifierTextForm() {
    String text = Vectors.load("identities.json").get("vectors").get(0).get("identifier").asText();
    Identifier id = Identifier.parse(text);
    assertThat(id).hasToString(text);
    assertThat(Identifier.parse("  I" + id.hex().toUpperCase(Locale.ROOT) + "\n")).isEqualTo(id);
    assertThat(Identifier.of(id.bytes())).isEqualTo(id);
    for (String bad : new String[] {id.hex(), "X" + id.hex(), text.substring(0, 40), text + "00", "I" + "zz".repeat(32)}) {
      assertThatThrownBy(() -> Identifier.parse(bad))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.rule()).isEqualTo(Rule.MALFORMED));
    }
  }
}
