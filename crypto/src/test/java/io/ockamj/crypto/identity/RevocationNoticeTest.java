package io.ockamj.crypto.identity;

import static io.ockamj.crypto.identity.Forge.NOW;
import static io.ockamj.crypto.identity.Forge.assertRule;
import static io.ockamj.crypto.identity.Forge.clockAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ockamj.crypto.KeyType;
import io.ockamj.crypto.SoftwareVault;
import io.ockamj.crypto.VerifyingVault;
import io.ockamj.crypto.identity.IdentityException.Rule;

import java.time.Duration;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Revocation notices (ours): signing, verification against the authority, and tampering. */
class RevocationNoticeTest {

  private static final VerifyingVault VERIFY = VerifyingVault.software();
  private final SoftwareVault vault = SoftwareVault.create();
  private final Identities identities = Identities.create(vault, VERIFY, clockAt(NOW));
  private final PurposeKeys purposeKeys = PurposeKeys.create(vault, vault, vault, VERIFY, clockAt(NOW));
  private final Identity authority = identities.createIdentity(new ChangeOptions().setValidFrom(NOW - 1000));
  private final Identity member = identities.createIdentity();
  private final PurposeKey issuerKey = purposeKeys.createCredentialKey(authority, KeyType.ED25519, NOW - 500, NOW + 100_000);

  @ParameterizedTest
  @EnumSource(value = KeyType.class, names = {"ED25519", "P256"})
  void signDecodeVerify(KeyType type) {
    Identity a = identities.createIdentity(new ChangeOptions().setKeyType(type).setValidFrom(NOW - 1000));
    PurposeKey key = purposeKeys.createCredentialKey(a, type);
    RevocationNotice n = RevocationNotice.sign(vault, VERIFY, key, 7, member.identifier(), NOW);
    RevocationNotice back = RevocationNotice.decode(n.bytes());
    assertThat(back).isEqualTo(n);
    assertThat(back.seq()).isEqualTo(7);
    assertThat(back.subject()).isEqualTo(member.identifier());
    assertThat(back.revokedAt()).isEqualTo(NOW);
    assertThat(back.issuer()).isEqualTo(a.identifier());
    assertThat(back.verify(a, VERIFY)).isSameAs(back);
  }

  @Test
  void anotherAuthorityIsRefused() {
    RevocationNotice n = RevocationNotice.sign(vault, VERIFY, issuerKey, 1, member.identifier(), NOW);
    Identity other = identities.createIdentity();
    assertRule(() -> n.verify(other, VERIFY), Rule.UNKNOWN_AUTHORITY);
  }

  @Test
  void aSecureChannelKeyCannotSign() {
    PurposeKey sc = purposeKeys.createSecureChannelKey(authority);
    assertThatThrownBy(() -> RevocationNotice.sign(vault, VERIFY, sc, 1, member.identifier(), NOW))
      .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCredentialIsNotANotice() {
    CredentialAndPurposeKey c = Credentials.create(vault, VERIFY, clockAt(NOW))
      .issue(issuerKey, member, Attributes.builder().put("role", "web").build(), Duration.ofHours(1));
    assertRule(() -> RevocationNotice.decode(c.bytes()), Rule.WRONG_DATA_TYPE);
  }

  @Property(tries = 200)
  void anyFlippedByteIsRefusedWithATypedError(@ForAll @IntRange(min = 0, max = 10_000) int position,
                                              @ForAll @IntRange(min = 1, max = 255) int flip,
                                              @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long seq) {
    byte[] bytes = RevocationNotice.sign(vault, VERIFY, issuerKey, seq, member.identifier(), NOW).bytes();
    int at = position % bytes.length;
    bytes[at] ^= (byte) flip;
    try {
      RevocationNotice n = RevocationNotice.decode(bytes).verify(authority, VERIFY);
      // a flip inside the attestation's or the signature's encoding may still decode; it never verifies
      throw new AssertionError("a tampered notice verified: " + n);
    } catch (IdentityException expected) {
      assertThat(expected.rule()).isNotNull();
    }
  }
}
