package io.ockamj.crypto.identity;

import static io.ockamj.crypto.identity.Forge.NOW;
import static io.ockamj.crypto.identity.Forge.assertRule;
import static io.ockamj.crypto.identity.Forge.clockAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.ockamj.crypto.KeyType;
import io.ockamj.crypto.Signature;
import io.ockamj.crypto.SoftwareVault;
import io.ockamj.crypto.VerifyingVault;
import io.ockamj.crypto.identity.IdentityException.Rule;
import io.ockamj.crypto.primitives.Sha256;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Credential issuing and the verification rules of §6.3. */
class CredentialTest {

  private final SoftwareVault vault = SoftwareVault.create();
  private final Identities identities = Identities.create(vault, VerifyingVault.software(), clockAt(NOW));
  private final PurposeKeys purposeKeys = PurposeKeys.create(vault, vault, vault, VerifyingVault.software(), clockAt(NOW));
  private final Credentials credentials = Credentials.create(vault, VerifyingVault.software(), clockAt(NOW));
  private final Identity authority = identities.createIdentity(new ChangeOptions().setValidFrom(NOW - 1000));
  private final Identity member = identities.createIdentity();
  private final PurposeKey issuerKey = purposeKeys.createCredentialKey(authority, KeyType.ED25519, NOW - 500, NOW + 100_000);
  private final Attributes attributes = Attributes.builder()
    .put("ockam-role", "enroller").put("project_id", "767d461c").put("ockam-relay", "*").build();

  private CredentialAndPurposeKey issue(long createdAt, long expiresAt) {
    return credentials.issue(issuerKey, member.identifier(), member.latestChangeHash(), attributes, createdAt, expiresAt);
  }

  @ParameterizedTest
  @EnumSource(value = KeyType.class, names = {"ED25519", "P256"})
  void issueAndVerify(KeyType type) {
    Identity issuer = identities.createIdentity(new ChangeOptions().setKeyType(type).setValidFrom(NOW - 1000));
    PurposeKey key = purposeKeys.createCredentialKey(issuer, type);
    CredentialAndPurposeKey cap = credentials.issue(key, member, attributes, Duration.ofHours(1));
    CredentialAndPurposeKey received = CredentialAndPurposeKey.decode(cap.bytes());
    assertThat(received).isEqualTo(cap);
    assertThat(received.encode()).isEqualTo(cap.bytes());
    assertThat(CredentialAndPurposeKey.fromHex(cap.hex())).isEqualTo(cap);

    VerifiedCredential v = credentials.verify(received, member.identifier(), List.of(authority, issuer));
    assertThat(v.subject()).isEqualTo(member.identifier());
    assertThat(v.issuer()).isEqualTo(issuer.identifier());
    assertThat(v.attributes()).isEqualTo(attributes);
    assertThat(v.createdAt()).isEqualTo(NOW);
    assertThat(v.expiresAt()).isEqualTo(NOW + 3600);
    assertThat(v.credentialData().subjectLatestChangeHash()).contains(member.latestChangeHash());
    assertThat(v.credentialAndPurposeKey()).isSameAs(received);
    assertThat(received.credential().signature().type()).isEqualTo(type);
  }

  @Test
  void attributesAreOrderedByRawKeyBytes() {
    Attributes a = Attributes.builder(7)
      .put("b", "2").put("ab", "1").put(new byte[] {(byte) 0xff}, new byte[] {0}).put(new byte[] {0x7f}, new byte[0])
      .put("b", "last wins").build();
    assertThat(a.entries()).extracting(e -> new String(e.getKey(), StandardCharsets.ISO_8859_1))
      .containsExactly("ab", "b", "\u007f", "\u00ff");
    assertThat(a.get("b")).contains("last wins");
    assertThat(a.schema()).isEqualTo(7);
    // keys of different lengths are not ordered length-first
    CredentialAndPurposeKey cap = credentials.issue(issuerKey, member.identifier(), null, a, NOW, NOW + 10);
    Attributes decoded = CredentialAndPurposeKey.decode(cap.bytes()).credential().credentialData().attributes();
    assertThat(decoded).isEqualTo(a);
    assertThat(decoded.toStringMap()).containsEntry("ab", "1");
    assertThat(Attributes.of(Map.of("k", "v")).schema()).isEqualTo(Attributes.PROJECT_MEMBER_SCHEMA);
  }

  @Test
  void unknownIssuer() {
    CredentialAndPurposeKey cap = issue(NOW, NOW + 60);
    Identity stranger = identities.createIdentity();
    assertRule(() -> credentials.verify(cap, null, List.of(stranger)), Rule.UNKNOWN_AUTHORITY);
  }

  @Test
  void signedByAnotherPurposeKeyThanTheAttestedOne() {
    PurposeKey otherKey = purposeKeys.createCredentialKey(authority);
    CredentialAndPurposeKey cap = issue(NOW, NOW + 60);
    CredentialAndPurposeKey mismatched = CredentialAndPurposeKey.of(cap.credential(), otherKey.attestation());
    assertRule(() -> credentials.verify(mismatched, null, List.of(authority)), Rule.CREDENTIAL_SIGNATURE_INVALID);
  }

  @Test
  void purposeKeyOfAnIssuerThatIsNotTheAuthority() {
    // a stranger's credential key, attested by the stranger, presented with the authority in the list
    Identity stranger = identities.createIdentity(new ChangeOptions().setValidFrom(NOW - 1000));
    PurposeKey strangerKey = purposeKeys.createCredentialKey(stranger);
    CredentialAndPurposeKey cap = credentials.issue(strangerKey, member, attributes, Duration.ofMinutes(1));
    assertRule(() -> credentials.verify(cap, null, List.of(authority)), Rule.UNKNOWN_AUTHORITY);
    assertThat(credentials.verify(cap, null, List.of(authority, stranger)).issuer()).isEqualTo(stranger.identifier());
  }

  @Test
  void secureChannelKeyCannotSignCredentials() {
    PurposeKey sc = purposeKeys.createSecureChannelKey(authority);
    CredentialAndPurposeKey cap = issue(NOW, NOW + 60);
    CredentialAndPurposeKey wrong = CredentialAndPurposeKey.of(cap.credential(), sc.attestation());
    assertRule(() -> credentials.verify(wrong, null, List.of(authority)), Rule.WRONG_PURPOSE);
  }

  @Test
  void tamperedAttribute() {
    CredentialAndPurposeKey cap = issue(NOW, NOW + 60);
    byte[] data = cap.credential().versionedData();
    byte[] needle = "enroller".getBytes(StandardCharsets.UTF_8);
    int at = indexOf(data, needle);
    data[at + needle.length - 1] = 'x';
    Credential tampered = Credential.of(data, cap.credential().signature());
    assertThat(tampered.credentialData().attributes().get("ockam-role")).contains("enrollex");
    CredentialAndPurposeKey presented = CredentialAndPurposeKey.of(tampered, cap.purposeKeyAttestation());
    assertRule(() -> credentials.verify(presented, null, List.of(authority)), Rule.CREDENTIAL_SIGNATURE_INVALID);
  }

  @Test
  void expiredCredential() {
    CredentialAndPurposeKey cap = issue(NOW - 100, NOW - 1);
    assertRule(() -> credentials.verify(cap, null, List.of(authority)), Rule.CREDENTIAL_EXPIRED);
    assertThat(cap.verify(null, List.of(authority), NOW - 1).expiresAt()).isEqualTo(NOW - 1);
  }

  @Test
  void credentialCreatedInTheFuture() {
    assertThat(issue(NOW + 60, NOW + 120).verify(null, List.of(authority), NOW)).isNotNull();
    CredentialAndPurposeKey cap = issue(NOW + 61, NOW + 120);
    assertRule(() -> cap.verify(null, List.of(authority), NOW), Rule.CREDENTIAL_CREATED_IN_FUTURE);
  }

  @Test
  void credentialOutsideThePurposeKeyWindow() {
    CredentialAndPurposeKey beforeKey = issue(issuerKey.createdAt() - 1, NOW + 10);
    assertRule(() -> credentials.verify(beforeKey, null, List.of(authority)), Rule.CREDENTIAL_OUTSIDE_ATTESTATION_VALIDITY);
    CredentialAndPurposeKey afterKey = issue(NOW, issuerKey.expiresAt() + 1);
    assertRule(() -> credentials.verify(afterKey, null, List.of(authority)), Rule.CREDENTIAL_OUTSIDE_ATTESTATION_VALIDITY);
  }

  @Test
  void subjectRules() {
    CredentialAndPurposeKey cap = issue(NOW, NOW + 60);
    assertRule(() -> credentials.verify(cap, authority.identifier(), List.of(authority)), Rule.CREDENTIAL_SUBJECT_MISMATCH);
    // a credential without a subject, properly signed
    byte[] data = Cbor.wrapVersioned(Cbor.CREDENTIAL_DATA,
      new CredentialData(null, null, attributes, NOW, NOW + 60).encode());
    Signature sig = vault.sign(issuerKey.keyId(), Sha256.digest(data));
    CredentialAndPurposeKey noSubject = CredentialAndPurposeKey.of(Credential.of(data, sig), issuerKey.attestation());
    assertRule(() -> credentials.verify(noSubject, null, List.of(authority)), Rule.CREDENTIAL_SUBJECT_MISSING);
  }

  @Test
  void issuerRotationInvalidatesItsCredentials() {
    CredentialAndPurposeKey cap = issue(NOW, NOW + 60);
    Identity rotated = identities.rotate(authority);
    assertRule(() -> credentials.verify(cap, null, List.of(rotated)), Rule.ATTESTATION_NOT_LATEST_CHANGE);
  }

  @Test
  void malformedCredentials() {
    byte[] bytes = issue(NOW, NOW + 60).bytes();
    for (int len = 0; len < bytes.length; len++) {
      byte[] prefix = Arrays.copyOf(bytes, len);
      assertRule(() -> CredentialAndPurposeKey.decode(prefix), Rule.MALFORMED);
    }
    assertRule(() -> CredentialAndPurposeKey.decode(new byte[CredentialAndPurposeKey.MAX_ENCODED_LENGTH + 1]),
      Rule.TOO_LARGE);
    // credential and attestation swapped
    CredentialAndPurposeKey cap = issue(NOW, NOW + 60);
    byte[] swapped = new io.ockamj.protocol.cbor.CborWriter().array(2).raw(cap.purposeKeyAttestation().bytes())
      .raw(cap.credential().bytes()).toByteArray();
    assertRule(() -> CredentialAndPurposeKey.decode(swapped), Rule.WRONG_DATA_TYPE);
    byte[] v2 = Forge.versioned(2, 3, new CredentialData(member.identifier(), null, attributes, NOW, NOW).encode());
    assertRule(() -> Credential.of(v2, cap.credential().signature()), Rule.UNSUPPORTED_VERSION);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
