package io.ockamj.crypto.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.KeyType;
import io.ockamj.crypto.SoftwareVault;
import io.ockamj.crypto.Vault;
import io.ockamj.crypto.identity.ChangeOptions;
import io.ockamj.crypto.identity.Identities;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.crypto.pkcs11.SoftHsm.Token;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Pkcs11Vault#findSigningKey(String)} on a real SoftHSM2 token: a key made on the token before
 * (by another vault instance) is found by its key id, its hex or its label, and an identity is made
 * over it; texts that name no key on the token find nothing.
 */
class Pkcs11KeyLookupTest {

  private static Token token;

  @BeforeAll
  static void token() {
    token = SoftHsm.shared();
  }

  @Test
  void aKeyMadeBeforeIsFoundByIdHexOrLabelAndBecomesAnIdentitysPrimaryKey() {
    KeyId key;
    try (Pkcs11Vault maker = Pkcs11Vault.open(token.pkcs11Config(), token.pin())) {
      key = maker.generateSigningKey(KeyType.P256);
    }
    try (Vault vault = Vault.combine(Pkcs11Vault.open(token.pkcs11Config(), token.pin()), SoftwareVault.create())) {
      assertThat(vault.findSigningKey(key.toString())).contains(key);
      assertThat(vault.findSigningKey(key.hex())).contains(key);
      assertThat(vault.findSigningKey(Pkcs11Vault.ALIAS_PREFIX + key.hex())).contains(key);
      Identity identity = Identities.create(vault).createIdentity(new ChangeOptions().setKeyId(key));
      assertThat(KeyId.of(identity.primaryPublicKey())).isEqualTo(key);
      assertThat(vault.deleteSigningKey(key)).isTrue();
      assertThat(vault.findSigningKey(key.hex())).as("deleted").isEmpty();
    }
  }

  @Test
  void textsThatNameNoKeyOnTheTokenFindNothing() {
    try (Pkcs11Vault vault = Pkcs11Vault.open(token.pkcs11Config(), token.pin())) {
      String absent = KeyId.of(KeyType.P256, p256Point()).hex();
      assertThat(vault.findSigningKey(absent)).isEmpty();
      assertThat(vault.findSigningKey(Pkcs11Vault.ALIAS_PREFIX + absent)).isEmpty();
      assertThat(vault.findSigningKey(KeyType.ED25519.ockamName() + ":" + absent)).isEmpty();
      assertThat(vault.findSigningKey("not-a-key")).isEmpty();
      assertThat(vault.findSigningKey("")).isEmpty();
    }
  }

  /** 65 bytes shaped as an uncompressed point; only its hash is used. */
  private static byte[] p256Point() {
    byte[] b = new byte[65];
    b[0] = 4;
    b[1] = 7;
    return b;
  }
}
