package io.ockamj.store;

import static io.ockamj.store.TestSupport.bytes;
import static io.ockamj.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@link VaultSecrets} on real SQLite files: the node database (next to the store's own connection)
 * and a vault file of its own.
 */
class VaultSecretsTest extends StoreTestBase {

  @Test
  void storeGetDeleteByHandleAndType() {
    try (VaultSecrets keys = VaultSecrets.open(file())) {
      byte[] handle = bytes(0xAA, 0xBB);
      keys.store(handle, VaultSecrets.ED25519, bytes(1, 2, 3));
      keys.store(handle, VaultSecrets.X25519, bytes(7));
      assertThat(keys.get(handle, VaultSecrets.ED25519).orElseThrow()).containsExactly(1, 2, 3);
      assertThat(keys.get(bytes(0xAA, 0xBB), VaultSecrets.X25519).orElseThrow()).containsExactly(7);
      assertThat(keys.get(handle, VaultSecrets.P256)).isEmpty();
      assertThat(keys.get(bytes(0xAA), VaultSecrets.ED25519)).isEmpty();
      keys.store(handle, VaultSecrets.ED25519, bytes(4));
      assertThat(keys.get(handle, VaultSecrets.ED25519).orElseThrow()).containsExactly(4);
      assertThat(keys.delete(handle, VaultSecrets.ED25519)).isTrue();
      assertThat(keys.delete(handle, VaultSecrets.ED25519)).isFalse();
      assertThat(keys.get(handle, VaultSecrets.X25519)).isPresent();
      keys.store(bytes(1), VaultSecrets.P256, bytes(10));
      keys.store(bytes(2), VaultSecrets.P256, bytes(20));
      assertThat(keys.handles(VaultSecrets.P256)).containsExactly(bytes(1), bytes(2));
      assertThat(keys.handles(VaultSecrets.ED25519)).isEmpty();
      assertThat(keys.deleteAll()).isEqualTo(3);
    }
  }

  @Test
  void theNodeDatabaseIsSharedWithTheStoresConnection() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (VaultSecrets keys = VaultSecrets.open(file())) {
      List<Future<?>> writes = new ArrayList<>();
      List<io.vertx.core.Future<?>> async = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        int n = i;
        writes.add(pool.submit(() -> keys.store(bytes(n), VaultSecrets.X25519, bytes(n, n))));
        async.add(store.identities().store("I" + n, bytes(n)));
      }
      for (Future<?> w : writes) {
        w.get();
      }
      await(io.vertx.core.Future.all(async));
      assertThat(keys.handles(VaultSecrets.X25519)).hasSize(50);
      assertThat(await(store.identities().list())).hasSize(50);
    } finally {
      pool.shutdownNow();
    }
    // and it reopens with everything
    try (VaultSecrets again = VaultSecrets.open(file())) {
      assertThat(again.get(bytes(49), VaultSecrets.X25519).orElseThrow()).containsExactly(49, 49);
    }
  }

  @Test
  void aVaultFileIsCreatedForItsOwnerOnly() throws Exception {
    Path vaultFile = dir.resolve("home/vault-v2");
    try (VaultSecrets keys = VaultSecrets.open(vaultFile)) {
      keys.store(bytes(5), VaultSecrets.ED25519, bytes(6));
      assertThat(keys.path()).isEqualTo(vaultFile.toAbsolutePath());
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(vaultFile))).isEqualTo("rw-------");
    try (VaultSecrets keys = VaultSecrets.open(vaultFile)) {
      assertThat(keys.get(bytes(5), VaultSecrets.ED25519).orElseThrow()).containsExactly(6);
    }
  }

  @Test
  void badFilesAndClosedSecretsFailWithStoreExceptions() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk"), "this is not a database, it is text ".repeat(200));
    assertThatThrownBy(() -> VaultSecrets.open(junk)).isInstanceOfSatisfying(StoreException.class,
        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.NOT_A_DATABASE));
    assertThatThrownBy(() -> VaultSecrets.open(dir)).isInstanceOf(StoreException.class);
    VaultSecrets keys = VaultSecrets.open(dir.resolve("v"));
    keys.close();
    keys.close();
    assertThatThrownBy(() -> keys.get(bytes(1), VaultSecrets.X25519)).isInstanceOfSatisfying(StoreException.class,
        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.CLOSED));
  }
}
