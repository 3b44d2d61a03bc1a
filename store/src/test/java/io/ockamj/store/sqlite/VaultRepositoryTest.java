package io.ockamj.store.sqlite;

import io.ockamj.store.StoreTestBase;
import io.ockamj.store.Store;
import io.ockamj.store.StoreException;
import io.ockamj.store.VaultRecord;
import io.ockamj.store.VaultRepository;

import static io.ockamj.store.TestSupport.bytes;
import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.ockamj.store.VaultRecord.Kind;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VaultRepositoryTest extends StoreTestBase {

  private static VaultRecord vault(String name, Kind kind, String path) {
    return new VaultRecord(name, kind, path, kind == Kind.PKCS11 ? "/etc/p11.cfg" : null, null, false, Instant.EPOCH);
  }

  @Test
  void theFirstVaultIsTheDefaultAndNamesAreUnique() {
    VaultRepository vaults = store.vaults();
    await(vaults.create(vault("v1", Kind.DATABASE, null)));
    await(vaults.create(vault("v2", Kind.FILE, "/tmp/vault-v2")));
    await(vaults.create(new VaultRecord("hsm", Kind.PKCS11, "/tmp/vault-hsm", "/etc/p11.cfg", "/etc/pin", false,
        Instant.EPOCH)));
    assertThat(await(vaults.list())).extracting(VaultRecord::name).containsExactly("v1", "v2", "hsm");
    assertThat(await(vaults.getDefault()).orElseThrow().name()).isEqualTo("v1");
    VaultRecord hsm = await(vaults.get("hsm")).orElseThrow();
    assertThat(hsm.kind()).isEqualTo(Kind.PKCS11);
    assertThat(hsm.pkcs11Config()).isEqualTo("/etc/p11.cfg");
    assertThat(hsm.pinFile()).isEqualTo("/etc/pin");
    assertThat(hsm.path()).isEqualTo("/tmp/vault-hsm");

    assertThat(failure(vaults.create(vault("v2", Kind.FILE, "/tmp/x"))))
        .isInstanceOf(StoreException.class).hasMessage("a vault named 'v2' already exists");
    assertThat(failure(vaults.create(vault("v3", Kind.DATABASE, null))))
        .isInstanceOf(StoreException.class).hasMessage("there is already a database vault");

    assertThat(await(vaults.delete("v1"))).isTrue();
    assertThat(await(vaults.delete("v1"))).isFalse();
    assertThat(await(vaults.getDefault()).orElseThrow().name()).isEqualTo("v2");
    await(vaults.create(new VaultRecord("v4", Kind.FILE, "/tmp/v4", null, null, true, Instant.EPOCH)));
    assertThat(await(vaults.getDefault()).orElseThrow().name()).isEqualTo("v4");
  }

  @Test
  void identitiesRecordTheirVault() {
    await(store.identities().store("I01", "alice", bytes(1), "v1"));
    await(store.identities().store("I02", bytes(2)));
    assertThat(await(store.identities().getByName("alice")).orElseThrow().vaultName()).isEqualTo("v1");
    assertThat(await(store.identities().get("I02")).orElseThrow().vaultName()).isNull();
  }

  @Test
  void identitiesMadeBeforeVaultsExistedBelongToTheDefaultDatabaseVault() throws Exception {
    // a database at schema V1 (the store's first migration only), with a named identity and a peer
    Path classes = dir.resolve("v1-classpath");
    Path index = classes.resolve("db/v1/index.txt");
    Files.createDirectories(index.getParent());
    try (InputStream v1 = getClass().getClassLoader().getResourceAsStream("db/migration/V1__init.sql")) {
      Files.copy(v1, index.getParent().resolve("V1__init.sql"));
    }
    Files.writeString(index, "V1__init.sql\n");
    Path old = dir.resolve("old/database.sqlite3");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
      Store v1 = await(SqliteStore.open(vertx, old, Database.DEFAULT_BUSY_TIMEOUT,
          Migrator.fromIndex(loader, "db/v1/index.txt", List.of())));
      await(((SqliteStore) v1).database().execute("INSERT INTO identity (identifier, change_history, name, is_default, created_at) "
          + "VALUES ('I01', x'01', 'alice', 1, 1), ('I02', x'02', NULL, 0, 2)", io.vertx.sqlclient.Tuple.tuple()));
      await(v1.close());
    }
    Store migrated = await(Store.open(vertx, old));
    try {
      VaultRecord dflt = await(migrated.vaults().getDefault()).orElseThrow();
      assertThat(dflt.name()).isEqualTo("default");
      assertThat(dflt.kind()).isEqualTo(Kind.DATABASE);
      assertThat(await(migrated.identities().get("I01")).orElseThrow().vaultName()).isEqualTo("default");
      assertThat(await(migrated.identities().get("I02")).orElseThrow().vaultName()).isNull();
    } finally {
      await(migrated.close());
    }
    // a fresh database has no vault until one is made
    assertThat(await(store.vaults().list())).isEmpty();
  }
}
