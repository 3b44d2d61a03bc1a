package io.ockamj.store;

import static io.ockamj.store.TestSupport.bytes;
import static io.ockamj.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VaultKeyRepositoryTest extends StoreTestBase {

  @Test
  void storeGetDeleteByHandleAndType() {
    VaultKeyRepository keys = store.vaultKeys();
    byte[] handle = bytes(0xAA, 0xBB);

    await(keys.store(handle, VaultKeyRepository.ED25519, bytes(1, 2, 3)));
    await(keys.store(handle, VaultKeyRepository.X25519, bytes(7)));

    assertThat(await(keys.get(handle, VaultKeyRepository.ED25519)).orElseThrow()).containsExactly(1, 2, 3);
    assertThat(await(keys.get(bytes(0xAA, 0xBB), VaultKeyRepository.X25519)).orElseThrow()).containsExactly(7);
    assertThat(await(keys.get(handle, VaultKeyRepository.P256))).isEmpty();
    assertThat(await(keys.get(bytes(0xAA), VaultKeyRepository.ED25519))).isEmpty();

    await(keys.store(handle, VaultKeyRepository.ED25519, bytes(4)));
    assertThat(await(keys.get(handle, VaultKeyRepository.ED25519)).orElseThrow()).containsExactly(4);

    assertThat(await(keys.delete(handle, VaultKeyRepository.ED25519))).isTrue();
    assertThat(await(keys.delete(handle, VaultKeyRepository.ED25519))).isFalse();
    assertThat(await(keys.get(handle, VaultKeyRepository.ED25519))).isEmpty();
    assertThat(await(keys.get(handle, VaultKeyRepository.X25519))).isPresent();
  }

  @Test
  void handlesAreListedPerKeyType() {
    VaultKeyRepository keys = store.vaultKeys();
    await(keys.store(bytes(1), VaultKeyRepository.P256, bytes(10)));
    await(keys.store(bytes(2), VaultKeyRepository.P256, bytes(20)));
    await(keys.store(bytes(3), VaultKeyRepository.AES256_GCM, bytes(30)));

    assertThat(await(keys.handles(VaultKeyRepository.P256))).containsExactly(bytes(1), bytes(2));
    assertThat(await(keys.handles(VaultKeyRepository.AES256_GCM))).containsExactly(bytes(3));
    assertThat(await(keys.handles(VaultKeyRepository.ED25519))).isEmpty();
  }
}
