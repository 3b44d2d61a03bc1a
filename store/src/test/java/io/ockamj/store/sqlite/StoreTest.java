package io.ockamj.store.sqlite;

import io.ockamj.store.StoreTestBase;
import io.ockamj.store.IdentityRecord;
import io.ockamj.store.IdentityRepository;
import io.ockamj.store.NodeRecord;
import io.ockamj.store.PurposeKeyRepository;
import io.ockamj.store.Store;
import io.ockamj.store.StoreException;
import io.ockamj.store.VaultRecord;

import static io.ockamj.store.TestSupport.bytes;
import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

class StoreTest extends StoreTestBase {

  @Test
  void closeAndReopenKeepsEverything() {
    await(store.identities().store("I01", "alice", bytes(1, 2, 3)));
    await(store.identities().setDefault("I01"));
    await(store.vaults().create(new VaultRecord("v", VaultRecord.Kind.DATABASE, null, null, null, true,
        java.time.Instant.EPOCH)));
    await(store.nodes().store(NodeRecord.of("n1", "I01").withDefault(true).withTcpListenerAddress("127.0.0.1:1")));
    await(store.purposeKeys().store("I01", PurposeKeyRepository.CREDENTIALS, bytes(8)));
    List<AppliedMigration> appliedBefore = await(Migrator.defaults().applied(((SqliteStore) store).database()));
    await(store.close());

    store = await(Store.open(vertx, file()));

    IdentityRecord alice = await(store.identities().getDefault()).orElseThrow();
    assertThat(alice.identifier()).isEqualTo("I01");
    assertThat(alice.name()).isEqualTo("alice");
    assertThat(alice.changeHistory()).containsExactly(1, 2, 3);
    assertThat(await(store.vaults().getDefault()).orElseThrow().name()).isEqualTo("v");
    NodeRecord n1 = await(store.nodes().getDefault()).orElseThrow();
    assertThat(n1.name()).isEqualTo("n1");
    assertThat(n1.tcpListenerAddress()).isEqualTo("127.0.0.1:1");
    assertThat(await(store.purposeKeys().get("I01", PurposeKeyRepository.CREDENTIALS))).isPresent();
    assertThat(await(Migrator.defaults().applied(((SqliteStore) store).database()))).isEqualTo(appliedBefore);
  }

  @Test
  void concurrentWritesFromManyFuturesAllLand(VertxTestContext ctx) {
    int n = 100;
    List<Future<?>> writes = new ArrayList<>();
    // issued from an event loop, all at once
    vertx.runOnContext(v -> {
      for (int i = 0; i < n; i++) {
        String id = "I" + i;
        writes.add(store.identities().store(id, "name-" + i, bytes(i, i >> 8)));
        writes.add(store.purposeKeys().store(id, PurposeKeyRepository.CREDENTIALS, bytes(i)));
        writes.add(store.nodes().store(NodeRecord.of("node-" + i, id).withDefault(i % 10 == 0)));
      }
      Future.all(writes)
          .compose(all -> Future.all(store.identities().list(),
              ((SqliteStore) store).database().execute("SELECT identifier FROM purpose_key", io.vertx.sqlclient.Tuple.tuple()),
              store.nodes().list(), store.nodes().getDefault()))
          .onComplete(ctx.succeeding(results -> ctx.verify(() -> {
            List<IdentityRecord> ids = results.resultAt(0);
            io.vertx.sqlclient.RowSet<?> handles = results.resultAt(1);
            List<NodeRecord> nodes = results.resultAt(2);
            assertThat(ids).hasSize(n);
            assertThat(handles.size()).isEqualTo(n);
            assertThat(nodes).hasSize(n);
            assertThat(nodes).filteredOn(NodeRecord::isDefault).hasSize(1);
            // writes are applied in submission order, so the last default stored wins
            assertThat(results.<Optional<NodeRecord>>resultAt(3).orElseThrow().name())
                .isEqualTo("node-90");
            ctx.completeNow();
          })));
    });
  }

  @Test
  void twoStoresOpeningTheSameFileConcurrentlyMigrateOnce(VertxTestContext ctx) {
    Path shared = dir.resolve("shared/database.sqlite3");
    Future.all(Store.open(vertx, shared), Store.open(vertx, shared))
        .compose(both -> {
          Store a = both.resultAt(0);
          Store b = both.resultAt(1);
          return a.identities().store("I01", bytes(1))
              .compose(v -> b.identities().get("I01"))
              .compose(seen -> Migrator.defaults().applied(((SqliteStore) b).database())
                  .map(applied -> new Object[] {seen, applied}))
              .compose(result -> Future.all(a.close(), b.close()).map(result));
        })
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          assertThat((Optional<?>) result[0]).isPresent();
          assertThat((List<?>) result[1]).hasSize(3);
          ctx.completeNow();
        })));
  }

  @Test
  void aDamagedDatabaseFileIsReported() throws Exception {
    await(store.identities().store("I01", bytes(1)));
    await(store.close());
    try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.WRITE)) {
      byte[] junk = new byte[4096 - 100];
      java.util.Arrays.fill(junk, (byte) 0xFF);
      ch.write(ByteBuffer.wrap(junk), 100);
    }

    Throwable err = failure(Store.open(vertx, file()));

    assertThat(err).isInstanceOf(StoreException.class).hasMessageContaining(file().toString());
    assertThat(((StoreException) err).reason())
        .isIn(StoreException.Reason.CORRUPT, StoreException.Reason.NOT_A_DATABASE);
    // keep @AfterEach happy
    store = await(Store.open(vertx, dir.resolve("other.sqlite3")));
  }

  @Test
  void repositoriesCanBeCreatedDirectlyOnTheDatabase() {
    IdentityRepository ids = new SqliteIdentityRepository(((SqliteStore) store).database());
    await(ids.store("I01", bytes(1)));
    assertThat(await(store.identities().get("I01"))).isPresent();
    assertThat(new SqliteNodeRepository(((SqliteStore) store).database())).isNotNull();
    assertThat(new SqliteVaultRepository(((SqliteStore) store).database())).isNotNull();
    assertThat(new SqlitePurposeKeyRepository(((SqliteStore) store).database())).isNotNull();
    assertThat(new SqliteCredentialRepository(((SqliteStore) store).database())).isNotNull();
    assertThat(new SqliteIdentityAttributesRepository(((SqliteStore) store).database())).isNotNull();
  }
}
