package io.ockamj.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ockamj.crypto.primitives.SecretBytes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The contract between {@link SoftwareVault} and its {@link SecretStorage}: static keys are written
 * and deleted there and found there by another vault; ephemeral keys and buffers never are. (The
 * SQLite storage itself is tested with a real database file in the store and verticles modules.)
 */
class SoftwareVaultStorageTest {

  /** The storage a test shares between vaults, as processes share a database. */
  static final class MapStorage implements SecretStorage {
    final Map<KeyId, byte[]> secrets = new ConcurrentHashMap<>();
    boolean closed;

    @Override
    public void store(KeyId keyId, byte[] secret) {
      secrets.put(keyId, secret.clone());
    }

    @Override
    public Optional<byte[]> load(KeyId keyId) {
      byte[] s = secrets.get(keyId);
      return s == null ? Optional.empty() : Optional.of(s.clone());
    }

    @Override
    public boolean delete(KeyId keyId) {
      return secrets.remove(keyId) != null;
    }

    @Override
    public List<KeyId> list(KeyType type) {
      List<KeyId> out = new ArrayList<>();
      secrets.keySet().stream().filter(k -> k.type() == type).forEach(out::add);
      return out;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void staticKeysGoToStorageAndAreFoundByAnotherVault() {
    MapStorage storage = new MapStorage();
    SoftwareVault a = SoftwareVault.create(storage);
    KeyId ed = a.generateSigningKey(KeyType.ED25519);
    KeyId p256 = a.generateSigningKey(KeyType.P256);
    KeyId x = a.generateX25519Key();
    KeyId eph = a.generateEphemeralX25519Key();
    SecretHandle buffer = a.importSecretBuffer(new byte[32]);
    assertThat(storage.secrets.keySet()).containsExactlyInAnyOrder(ed, p256, x);

    SoftwareVault b = SoftwareVault.create(storage);
    assertThat(b.signingKeys()).containsExactlyInAnyOrder(ed, p256);
    assertThat(b.x25519Keys()).containsExactly(x);
    assertThat(b.findSigningKey(a.verifyingPublicKey(ed))).contains(ed);
    byte[] digest = new byte[32];
    assertThat(b.verify(a.verifyingPublicKey(p256), digest, b.sign(p256, digest))).isTrue();
    try (SecretBytes ab = b.exportSecretBuffer(b.x25519Ecdh(x, a.x25519PublicKey(eph)));
         SecretBytes ba = a.exportSecretBuffer(a.x25519Ecdh(eph, b.x25519PublicKey(x)))) {
      assertThat(ab.contentEquals(ba)).isTrue();
    }
    assertThat(b.findX25519Key(a.x25519PublicKey(eph))).isEmpty();
    assertThatThrownBy(() -> b.exportSecretBuffer(buffer)).isInstanceOf(VaultException.class);

    assertThat(b.deleteSigningKey(ed)).isTrue();
    assertThat(storage.secrets).doesNotContainKey(ed);
    assertThat(a.deleteX25519Key(eph)).isTrue();
    a.close();
    assertThat(storage.closed).isTrue();
    assertThat(storage.secrets.keySet()).containsExactlyInAnyOrder(p256, x);
  }

  @Test
  void aStoredSecretThatDoesNotMatchItsIdIsRefused() {
    MapStorage storage = new MapStorage();
    KeyId x;
    try (SoftwareVault a = SoftwareVault.create(storage)) {
      x = a.generateX25519Key();
    }
    byte[] other = new byte[32];
    Arrays.fill(other, (byte) 7);
    storage.secrets.put(x, other);
    try (SoftwareVault b = SoftwareVault.create(storage)) {
      assertThatThrownBy(() -> b.x25519PublicKey(x)).isInstanceOf(VaultException.class)
        .hasMessageContaining("does not match its id");
    }
  }

  @Test
  void buffersAreDeletedAndChecked() {
    try (SoftwareVault v = SoftwareVault.create()) {
      SecretHandle salt = v.importSecretBuffer(new byte[32]);
      List<SecretHandle> out = v.hkdf(salt, null, 3);
      assertThat(out).hasSize(3).doesNotHaveDuplicates();
      assertThat(v.secretBufferCount()).isEqualTo(4);
      byte[] ct = v.aeadEncrypt(out.get(0), new byte[12], null, new byte[] {1, 2, 3});
      assertThat(v.aeadDecrypt(out.get(0), new byte[12], null, ct, 0, ct.length)).containsExactly(1, 2, 3);
      assertThatThrownBy(() -> v.aeadEncrypt(v.importSecretBuffer(new byte[16]), new byte[12], null, new byte[1]))
        .isInstanceOf(VaultException.class);
      assertThatThrownBy(() -> v.hkdf(salt, null, 4)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> v.importSecretBuffer(new byte[65])).isInstanceOf(VaultException.class);
      for (SecretHandle h : out) {
        assertThat(v.deleteSecretBuffer(h)).isTrue();
      }
      assertThat(v.deleteSecretBuffer(out.get(0))).isFalse();
      assertThatThrownBy(() -> v.exportSecretBuffer(out.get(1))).isInstanceOf(VaultException.class)
        .hasMessageContaining(out.get(1).toString());
    }
  }
}
