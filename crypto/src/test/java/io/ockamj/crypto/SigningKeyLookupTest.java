package io.ockamj.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.ockamj.crypto.identity.ChangeOptions;
import io.ockamj.crypto.identity.Identities;
import io.ockamj.crypto.identity.Identity;
import org.junit.jupiter.api.Test;

import java.util.Locale;

/**
 * {@link SigningVault#findSigningKey(String)} on a software vault: the forms a user may give for a key
 * id, and the texts that name no key of the vault.
 */
class SigningKeyLookupTest {

  @Test
  void findsAKeyByItsTextOrItsHex() {
    try (SoftwareVault vault = SoftwareVault.create()) {
      KeyId ed = vault.generateSigningKey(KeyType.ED25519);
      KeyId p256 = vault.generateSigningKey(KeyType.P256);
      assertThat(vault.findSigningKey(ed.toString())).contains(ed);
      assertThat(vault.findSigningKey(p256.toString())).contains(p256);
      assertThat(vault.findSigningKey(ed.hex())).contains(ed);
      assertThat(vault.findSigningKey("  " + p256.hex().toUpperCase(Locale.ROOT) + "\n")).contains(p256);
      // a combined vault asks its signing part
      try (Vault combined = Vault.combine(vault, SoftwareVault.create())) {
        assertThat(combined.findSigningKey(p256.hex())).contains(p256);
      }
    }
  }

  @Test
  void textsThatNameNoKeyOfTheVaultFindNothing() {
    try (SoftwareVault vault = SoftwareVault.create()) {
      KeyId ed = vault.generateSigningKey(KeyType.ED25519);
      String other = KeyId.of(KeyType.ED25519, new byte[32]).hex();
      assertThat(vault.findSigningKey(other)).isEmpty();
      assertThat(vault.findSigningKey(KeyType.P256.ockamName() + ":" + ed.hex())).as("the wrong type").isEmpty();
      assertThat(vault.findSigningKey("NoSuchType:" + ed.hex())).isEmpty();
      assertThat(vault.findSigningKey(ed.hex().substring(2))).as("too short").isEmpty();
      assertThat(vault.findSigningKey(ed.hex().substring(2) + "zz")).as("not hex").isEmpty();
      assertThat(vault.findSigningKey("")).isEmpty();
    }
  }

  @Test
  void anIdentityMadeOverAnExistingKeyHasThatKeyAsPrimaryKey() {
    try (SoftwareVault vault = SoftwareVault.create()) {
      KeyId key = vault.generateSigningKey(KeyType.P256);
      Identities identities = Identities.create(vault);
      Identity identity = identities.createIdentity(new ChangeOptions().setKeyId(vault.findSigningKey(key.hex()).orElseThrow()));
      assertThat(KeyId.of(identity.primaryPublicKey())).isEqualTo(key);
      assertThat(vault.signingKeys()).containsExactly(key);
    }
  }
}
