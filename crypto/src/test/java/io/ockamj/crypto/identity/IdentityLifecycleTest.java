package io.ockamj.crypto.identity;

import static io.ockamj.crypto.identity.Forge.NOW;
import static io.ockamj.crypto.identity.Forge.assertRule;
import static io.ockamj.crypto.identity.Forge.clockAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.KeyType;
import io.ockamj.crypto.SoftwareVault;
import io.ockamj.crypto.VaultException;
import io.ockamj.crypto.VerifyingVault;
import io.ockamj.crypto.identity.IdentityException.Rule;
import io.ockamj.crypto.primitives.SecretBytes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Creation, rotation, comparison and update of identities. */
class IdentityLifecycleTest {

  private final SoftwareVault vault = SoftwareVault.create();
  private final Identities identities = Identities.create(vault, VerifyingVault.software(), clockAt(NOW));

  @ParameterizedTest
  @EnumSource(value = KeyType.class, names = {"ED25519", "P256"})
  void createRotateVerify(KeyType type) {
    Identity created = identities.createIdentity(type);
    assertThat(created.changeHistory().size()).isEqualTo(1);
    assertThat(created.primaryPublicKey().type()).isEqualTo(type);
    assertThat(created.identifier()).isEqualTo(created.changeHistory().firstChange().hash().toIdentifier());
    ChangeData first = created.latestChange().changeData();
    assertThat(first.previousChange()).isEmpty();
    assertThat(first.attestationsValidFrom()).isEqualTo(NOW);
    assertThat(first.attestationsValidUntil()).isEqualTo(NOW + ChangeOptions.DEFAULT_TTL_SECONDS);
    assertThat(first.revokeAllPurposeKeys()).isFalse();
    assertThat(Identity.importFrom(created.export())).isEqualTo(created);
    assertThat(ChangeHistory.decode(created.export()).encode()).isEqualTo(created.export());
    KeyId firstKey = identities.primaryKeyId(created);

    Identity rotated = identities.rotate(created);
    assertThat(rotated.identifier()).isEqualTo(created.identifier());
    assertThat(rotated.changeHistory().size()).isEqualTo(2);
    assertThat(rotated.primaryPublicKey()).isNotEqualTo(created.primaryPublicKey());
    assertThat(rotated.primaryPublicKey().type()).isEqualTo(type);
    assertThat(rotated.latestChange().changeData().previousChange()).contains(created.latestChangeHash());
    assertThat(rotated.latestChange().previousSignature()).isPresent();
    // the first change's bytes are kept as they were
    assertThat(rotated.changeHistory().firstChange().versionedData()).isEqualTo(created.latestChange().versionedData());
    // the previous secret is deleted, the new one is in the vault
    assertThat(vault.contains(firstKey)).isFalse();
    assertThat(vault.findSigningKey(rotated.primaryPublicKey())).isPresent();

    Identity imported = Identity.importFrom(created.identifier(), rotated.export());
    assertThat(imported).isEqualTo(rotated);
    assertThat(imported.toString()).startsWith("Identifier:     " + created.identifier() + "\n");
  }

  @Test
  void rotateFromEd25519ToP256AndBack() {
    Identity id = identities.createIdentity();
    id = identities.rotate(id, new ChangeOptions().setKeyType(KeyType.P256));
    id = identities.rotate(id, new ChangeOptions().setKeyType(KeyType.ED25519).setRevokeAllPurposeKeys(true));
    Identity imported = Identity.importFrom(id.export());
    assertThat(imported.changeHistory().changes()).extracting(c -> c.primaryPublicKey().type())
      .containsExactly(KeyType.ED25519, KeyType.P256, KeyType.ED25519);
    assertThat(imported.latestChange().changeData().revokeAllPurposeKeys()).isTrue();
    assertThat(vault.signingKeys()).hasSize(1);
  }

  @Test
  void optionsSetTheWindowAndTheKey() {
    KeyId key = vault.generateSigningKey(KeyType.P256);
    Identity id = identities.createIdentity(new ChangeOptions().setKeyId(key).setValidFrom(100L).setValidUntil(200L));
    assertThat(id.primaryPublicKey()).isEqualTo(vault.verifyingPublicKey(key));
    assertThat(id.latestChange().changeData().attestationsValidFrom()).isEqualTo(100);
    assertThat(id.latestChange().changeData().attestationsValidUntil()).isEqualTo(200);
    Identity shortLived = identities.createIdentity(new ChangeOptions().setTtlSeconds(60));
    assertThat(shortLived.latestChange().changeData().attestationsValidUntil()).isEqualTo(NOW + 60);
  }

  @Test
  void rotationNeverMovesTheWindowStartBackwards() {
    Identity id = identities.createIdentity(new ChangeOptions().setValidFrom(NOW + 1000));
    Identity rotated = identities.rotate(id);
    assertThat(rotated.latestChange().changeData().attestationsValidFrom()).isEqualTo(NOW + 1000);
  }

  @Test
  void rotatingWithoutThePrimaryKeyFails() {
    Identity id = identities.createIdentity();
    Identities elsewhere = Identities.create(SoftwareVault.create());
    assertThatThrownBy(() -> elsewhere.rotate(id)).isInstanceOf(VaultException.class);
  }

  @Test
  void comparison() {
    Identity base = identities.createIdentity();
    // keep the first key so that the history can be forked
    SecretBytes firstSecret = vault.exportSecret(identities.primaryKeyId(base));
    Identity newer = identities.rotate(base);
    vault.importSecret(KeyType.ED25519, firstSecret.expose());
    firstSecret.destroy();
    Identity fork = identities.rotate(base);
    Identity other = identities.createIdentity();

    assertThat(base.compare(Identity.importFrom(base.export()))).isEqualTo(HistoryComparison.EQUAL);
    assertThat(newer.compare(base)).isEqualTo(HistoryComparison.NEWER);
    assertThat(base.compare(newer)).isEqualTo(HistoryComparison.OLDER);
    assertThat(fork.compare(newer)).isEqualTo(HistoryComparison.CONFLICT);
    assertThat(newer.compare(fork)).isEqualTo(HistoryComparison.CONFLICT);
    assertThat(other.compare(base)).isEqualTo(HistoryComparison.CONFLICT);
    assertThat(fork.identifier()).isEqualTo(newer.identifier());
  }

  @Test
  void updateKeepsTheNewestHistory() {
    Identity base = identities.createIdentity();
    SecretBytes firstSecret = vault.exportSecret(identities.primaryKeyId(base));
    Identity newer = identities.rotate(base);
    vault.importSecret(KeyType.ED25519, firstSecret.expose());
    firstSecret.destroy();
    Identity fork = identities.rotate(base);

    assertThat(Identities.update(null, base, false)).isSameAs(base);
    assertThat(Identities.update(base, newer, false)).isSameAs(newer);
    Identity same = Identity.importFrom(base.export());
    assertThat(Identities.update(base, same, false)).isSameAs(base);
    assertThat(Identities.update(newer, base, true)).isSameAs(newer);
    assertRule(() -> Identities.update(newer, base, false), Rule.HISTORY_OLDER);
    assertRule(() -> Identities.update(newer, fork, false), Rule.HISTORY_CONFLICT);
    assertRule(() -> Identities.update(newer, fork, true), Rule.HISTORY_CONFLICT);
  }

  @Test
  void secretsSurviveAnExportImportRoundTrip() {
    Identity id = identities.createIdentity(KeyType.P256);
    SoftwareVault restored = SoftwareVault.create();
    for (KeyId key : vault.keys()) {
      try (SecretBytes s = vault.exportSecret(key)) {
        assertThat(restored.importSecret(key.type(), s.expose())).isEqualTo(key);
      }
    }
    Identity rotated = Identities.create(restored).rotate(id);
    assertThat(Identity.importFrom(rotated.export()).identifier()).isEqualTo(id.identifier());
  }
}
