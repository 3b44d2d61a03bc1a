package io.ockamj.crypto.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ockamj.crypto.VerifyingVault;
import io.ockamj.crypto.identity.IdentityException.Rule;
import io.ockamj.protocol.testing.Vectors;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The Authority-issued credential of {@code credentials.json}. Its attestation's signature cannot
 * be checked (the issuer's history is not available), so the credential is verified against the
 * decoded attestation data, as {@link Credential#verifyWith} allows.
 */
class CredentialVectorTest {

  private static final JsonNode V = Vectors.load("credentials.json").get("vectors").get(0);
  private static final JsonNode C = V.get("computed");

  private static CredentialAndPurposeKey decoded() {
    return CredentialAndPurposeKey.fromHex(V.get("credential_and_purpose_key_hex").asText());
  }

  private static long windowStart() {
    return C.get("verification_time_window").get(0).asLong();
  }

  private static long windowEnd() {
    return C.get("verification_time_window").get(1).asLong();
  }

  @Test
  void decodesAndReencodesByteIdentically() {
    byte[] bytes = Vectors.hex(V.get("credential_and_purpose_key_hex"));
    CredentialAndPurposeKey cap = CredentialAndPurposeKey.decode(bytes);
    assertThat(cap.bytes()).isEqualTo(bytes);
    assertThat(cap.encode()).isEqualTo(bytes);
    assertThat(cap.credential().bytes()).isEqualTo(Vectors.hex(V.get("credential_hex")));
    assertThat(cap.credential().encode()).isEqualTo(Vectors.hex(V.get("credential_hex")));
    assertThat(cap.purposeKeyAttestation().bytes()).isEqualTo(Vectors.hex(V.get("purpose_key_attestation_hex")));
    assertThat(cap.purposeKeyAttestation().encode()).isEqualTo(Vectors.hex(V.get("purpose_key_attestation_hex")));
    assertThat(CredentialAndPurposeKey.of(cap.credential(), cap.purposeKeyAttestation()).bytes()).isEqualTo(bytes);
  }

  @Test
  void credentialFieldsMatchTheComputedStructure() {
    Credential credential = decoded().credential();
    JsonNode c = C.get("credential");
    CredentialData d = credential.credentialData();
    assertThat(Vectors.hex(credential.versionedData())).isEqualTo(c.get("data_hex").asText());
    assertThat(d.subject()).get().hasToString(c.get("subject").asText());
    assertThat(d.subjectLatestChangeHash()).get().hasToString(c.get("subject_latest_change_hash_hex").asText());
    assertThat(d.attributes().schema()).isEqualTo(c.get("schema").asLong());
    assertThat(d.createdAt()).isEqualTo(c.get("created_at").asLong());
    assertThat(d.expiresAt()).isEqualTo(c.get("expires_at").asLong());
    assertThat(credential.signature().type().ockamName()).isEqualTo(c.get("signature").get("type").asText());
    assertThat(credential.signature().hex()).isEqualTo(c.get("signature").get("hex").asText());
    List<Map.Entry<byte[], byte[]>> entries = d.attributes().entries();
    JsonNode ordered = c.get("attributes_in_encoded_order");
    assertThat(entries).hasSize(ordered.size());
    for (int i = 0; i < ordered.size(); i++) {
      assertThat(Vectors.hex(entries.get(i).getKey())).isEqualTo(ordered.get(i).get(0).asText());
      assertThat(Vectors.hex(entries.get(i).getValue())).isEqualTo(ordered.get(i).get(1).asText());
    }
    c.get("attributes").properties().forEach(e ->
      assertThat(d.attributes().get(e.getKey())).contains(e.getValue().asText()));
    // the attributes re-encode exactly as the issuer encoded them
    assertThat(Cbor.wrapVersioned(Cbor.CREDENTIAL_DATA, d.encode())).isEqualTo(credential.versionedData());
  }

  @Test
  void attestationFieldsMatchTheComputedStructure() {
    PurposeKeyAttestation a = decoded().purposeKeyAttestation();
    JsonNode p = C.get("purpose_key_attestation");
    PurposeKeyAttestationData d = a.attestationData();
    assertThat(Vectors.hex(a.versionedData())).isEqualTo(p.get("data_hex").asText());
    assertThat(d.subject()).hasToString(p.get("subject").asText());
    assertThat(d.subject()).hasToString(C.get("issuer_identifier").asText());
    assertThat(d.subjectLatestChangeHash()).hasToString(p.get("subject_latest_change_hash_hex").asText());
    assertThat(d.publicKey().purpose()).isEqualTo(Purpose.CREDENTIALS);
    assertThat(d.publicKey().keyType().ockamName()).isEqualTo(p.get("public_key").get("type").asText());
    assertThat(Vectors.hex(d.publicKey().bytes())).isEqualTo(p.get("public_key").get("hex").asText());
    assertThat(d.createdAt()).isEqualTo(p.get("created_at").asLong());
    assertThat(d.expiresAt()).isEqualTo(p.get("expires_at").asLong());
    assertThat(a.signature().hex()).isEqualTo(p.get("signature").get("hex").asText());
    assertThat(Cbor.wrapVersioned(Cbor.ATTESTATION_DATA, d.encode())).isEqualTo(a.versionedData());
  }

  @Test
  void verifiesUnderItsAttestedPurposeKeyInsideTheTimeWindow() {
    CredentialAndPurposeKey cap = decoded();
    PurposeKeyAttestationData issuerKey = cap.purposeKeyAttestation().attestationData();
    Identifier subject = Identifier.parse(C.get("credential").get("subject").asText());
    for (long now : new long[] {windowStart(), (windowStart() + windowEnd()) / 2, windowEnd()}) {
      CredentialData d = cap.credential().verifyWith(issuerKey, subject, now, VerifyingVault.software());
      assertThat(d.subject()).contains(subject);
      assertThat(cap.credential().verifyWith(issuerKey, null, now, VerifyingVault.software())).isSameAs(d);
    }
  }

  @Test
  void timeRulesOutsideTheWindow() {
    CredentialAndPurposeKey cap = decoded();
    PurposeKeyAttestationData issuerKey = cap.purposeKeyAttestation().attestationData();
    assertRule(() -> cap.credential().verifyWith(issuerKey, null, windowStart() - 1, VerifyingVault.software()),
      Rule.CREDENTIAL_CREATED_IN_FUTURE);
    assertRule(() -> cap.credential().verifyWith(issuerKey, null, windowEnd() + 1, VerifyingVault.software()),
      Rule.CREDENTIAL_EXPIRED);
  }

  @Test
  void anotherSubjectIsRejected() {
    CredentialAndPurposeKey cap = decoded();
    Identifier other = Identifier.parse(C.get("issuer_identifier").asText());
    assertRule(() -> cap.credential().verifyWith(cap.purposeKeyAttestation().attestationData(), other, windowStart(),
      VerifyingVault.software()), Rule.CREDENTIAL_SUBJECT_MISMATCH);
  }

  @Test
  void aTamperedAttributeBreaksTheSignature() {
    byte[] bytes = Vectors.hex(V.get("credential_and_purpose_key_hex"));
    // "ockam-role" = "enroller" becomes "enrollex": same length, still well formed
    String hex = Vectors.hex(bytes).replace(Vectors.hex("enroller".getBytes()), Vectors.hex("enrollex".getBytes()));
    CredentialAndPurposeKey tampered = CredentialAndPurposeKey.fromHex(hex);
    assertThat(tampered.credential().credentialData().attributes().get("ockam-role")).contains("enrollex");
    assertRule(() -> tampered.credential().verifyWith(tampered.purposeKeyAttestation().attestationData(), null,
      windowStart(), VerifyingVault.software()), Rule.CREDENTIAL_SIGNATURE_INVALID);
  }

  @Test
  void anIssuerThatIsNotAnAcceptedAuthorityIsRejected() {
    CredentialAndPurposeKey cap = decoded();
    Identity someoneElse = Identity.importHex(Vectors.load("identities.json").get("vectors").get(0)
      .get("change_history_hex").asText());
    assertRule(() -> cap.verify(null, List.of(someoneElse), windowStart()), Rule.UNKNOWN_AUTHORITY);
    assertRule(() -> cap.verify(null, List.of(), windowStart()), Rule.UNKNOWN_AUTHORITY);
  }

  static void assertRule(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Rule rule) {
    assertThatThrownBy(call).isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.rule()).isEqualTo(rule));
  }
}
