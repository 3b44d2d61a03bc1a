package io.ockamj.crypto.identity;

import static io.ockamj.crypto.identity.Forge.NOW;
import static io.ockamj.crypto.identity.Forge.clockAt;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ockamj.crypto.KeyType;
import io.ockamj.crypto.SoftwareVault;
import io.ockamj.crypto.VerifyingVault;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Jazzer fuzz targets for every decoder of this package. In a normal build they run in regression
 * mode over the seeds in {@code src/test/resources/io/ockamj/crypto/identity/IdentityFuzzTestInputs/};
 * with {@code JAZZER_FUZZ=1} they fuzz. Only {@link IdentityException} may escape the code under
 * test; anything else (or a failed consistency check) is a finding.
 */
class IdentityFuzzTest {

  private static final Identity AUTHORITY;
  private static final List<Identity> AUTHORITIES;

  static {
    SoftwareVault vault = SoftwareVault.create();
    Identities identities = Identities.create(vault, VerifyingVault.software(), clockAt(NOW - 10));
    AUTHORITY = identities.rotate(identities.createIdentity(), new ChangeOptions().setKeyType(KeyType.P256));
    PurposeKey key = PurposeKeys.create(vault, vault, vault, VerifyingVault.software(), clockAt(NOW))
      .createCredentialKey(AUTHORITY);
    Credentials.create(vault, VerifyingVault.software(), clockAt(NOW))
      .issue(key, AUTHORITY, Attributes.builder().put("k", "v").build(), Duration.ofHours(1));
    AUTHORITIES = List.of(AUTHORITY);
  }

  @FuzzTest(maxDuration = "30s")
  void changeHistory(byte[] data) {
    ChangeHistory h;
    try {
      h = ChangeHistory.decode(data);
    } catch (IdentityException expected) {
      return;
    }
    if (!Arrays.equals(h.bytes(), data)) {
      throw new AssertionError("decoded history does not keep its bytes");
    }
    // whatever decodes re-encodes to a history with the same changes
    ChangeHistory again = ChangeHistory.decode(h.encode());
    if (again.compare(h) != HistoryComparison.EQUAL) {
      throw new AssertionError("re-encoded history differs");
    }
    try {
      Identity id = Identity.verify(h);
      if (!id.identifier().equals(h.identifier())) {
        throw new AssertionError("identifier changed");
      }
    } catch (IdentityException expected) {
      // fine
    }
  }

  @FuzzTest(maxDuration = "30s")
  void purposeKeyAttestation(byte[] data) {
    PurposeKeyAttestation a;
    try {
      a = PurposeKeyAttestation.decode(data);
    } catch (IdentityException expected) {
      return;
    }
    if (!PurposeKeyAttestation.decode(a.encode()).attestationData().toString().equals(a.attestationData().toString())) {
      throw new AssertionError("re-encoded attestation differs");
    }
    try {
      a.verify(AUTHORITY, null, NOW);
    } catch (IdentityException expected) {
      // fine
    }
  }

  @FuzzTest(maxDuration = "30s")
  void credentialAndPurposeKey(byte[] data) {
    CredentialAndPurposeKey c;
    try {
      c = CredentialAndPurposeKey.decode(data);
    } catch (IdentityException expected) {
      return;
    }
    if (!CredentialAndPurposeKey.decode(c.encode()).credential().credentialData().toString()
      .equals(c.credential().credentialData().toString())) {
      throw new AssertionError("re-encoded credential differs");
    }
    try {
      c.verify(null, AUTHORITIES, NOW);
    } catch (IdentityException expected) {
      // fine
    }
    try {
      c.credential().verifyWith(c.purposeKeyAttestation().attestationData(), null, NOW, VerifyingVault.software());
    } catch (IdentityException expected) {
      // fine
    }
  }

  @FuzzTest(maxDuration = "30s")
  void credential(byte[] data) {
    try {
      Credential c = Credential.decode(data);
      Credential.decode(c.encode());
    } catch (IdentityException expected) {
      // fine
    }
  }

  @FuzzTest(maxDuration = "30s")
  void revocationNotice(byte[] data) {
    RevocationNotice n;
    try {
      n = RevocationNotice.decode(data);
    } catch (IdentityException expected) {
      return;
    }
    if (!java.util.Arrays.equals(n.bytes(), data) || n.seq() < 1) {
      throw new AssertionError("decoded notice does not keep its bytes or has seq 0");
    }
    try {
      n.verify(AUTHORITY, VerifyingVault.software());
    } catch (IdentityException expected) {
      // fine
    }
  }
}
