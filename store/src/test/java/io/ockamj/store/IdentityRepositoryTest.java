package io.ockamj.store;

import static io.ockamj.store.TestSupport.bytes;
import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

class IdentityRepositoryTest extends StoreTestBase {

  private IdentityRepository ids;

  @BeforeEach
  void repo() {
    ids = store.identities();
  }

  @Test
  void storeGetUpdateDelete() {
    Instant before = Instant.now().minusSeconds(1);
    await(ids.store("I01", bytes(1, 2, 3)));

    IdentityRecord r = await(ids.get("I01")).orElseThrow();
    assertThat(r.identifier()).isEqualTo("I01");
    assertThat(r.changeHistory()).containsExactly(1, 2, 3);
    assertThat(r.name()).isNull();
    assertThat(r.isDefault()).isFalse();
    assertThat(r.createdAt()).isAfter(before).isBeforeOrEqualTo(Instant.now());

    assertThat(await(ids.update("I01", bytes(4, 5)))).isTrue();
    assertThat(await(ids.get("I01")).orElseThrow().changeHistory()).containsExactly(4, 5);
    assertThat(await(ids.update("I-unknown", bytes(1)))).isFalse();
    assertThat(await(ids.get("I-unknown"))).isEmpty();

    assertThat(await(ids.delete("I01"))).isTrue();
    assertThat(await(ids.delete("I01"))).isFalse();
    assertThat(await(ids.get("I01"))).isEmpty();
  }

  @Test
  void storingAgainReplacesTheHistoryButKeepsNameDefaultAndCreationTime() {
    await(ids.store("I01", "alice", bytes(1)));
    await(ids.setDefault("I01"));
    IdentityRecord first = await(ids.get("I01")).orElseThrow();

    await(ids.store("I01", bytes(9)));

    IdentityRecord second = await(ids.get("I01")).orElseThrow();
    assertThat(second.changeHistory()).containsExactly(9);
    assertThat(second.name()).isEqualTo("alice");
    assertThat(second.isDefault()).isTrue();
    assertThat(second.createdAt()).isEqualTo(first.createdAt());
  }

  @Test
  void namesResolveBothWays() {
    await(ids.store("I01", "alice", bytes(1)));
    await(ids.store("I02", bytes(2)));

    assertThat(await(ids.identifierOf("alice"))).contains("I01");
    assertThat(await(ids.nameOf("I01"))).contains("alice");
    assertThat(await(ids.nameOf("I02"))).isEmpty();
    assertThat(await(ids.identifierOf("bob"))).isEmpty();
    assertThat(await(ids.getByName("alice")).map(IdentityRecord::identifier)).contains("I01");

    assertThat(await(ids.setName("I02", "bob"))).isTrue();
    assertThat(await(ids.identifierOf("bob"))).contains("I02");
    assertThat(await(ids.setName("I03", "carol"))).isFalse();
    assertThat(await(ids.setName("I02", null))).isTrue();
    assertThat(await(ids.nameOf("I02"))).isEmpty();
  }

  @Test
  void aNameIsUnique() {
    await(ids.store("I01", "alice", bytes(1)));

    Throwable err = failure(ids.store("I02", "alice", bytes(2)));
    assertThat(err).isInstanceOf(StoreException.class).hasMessage("an identity named 'alice' already exists");
    assertThat(((StoreException) err).reason()).isEqualTo(StoreException.Reason.CONSTRAINT);
    assertThat(await(ids.get("I02"))).isEmpty();

    await(ids.store("I02", bytes(2)));
    assertThat(failure(ids.setName("I02", "alice"))).isInstanceOf(StoreException.class)
        .hasMessageContaining("alice");
  }

  @Test
  void defaultSwitchesAtomically() {
    await(ids.store("I01", "alice", bytes(1)));
    await(ids.store("I02", "bob", bytes(2)));
    assertThat(await(ids.getDefault())).isEmpty();

    assertThat(await(ids.setDefault("I01"))).isTrue();
    assertThat(await(ids.getDefault()).map(IdentityRecord::identifier)).contains("I01");

    assertThat(await(ids.setDefault("I02"))).isTrue();
    assertThat(await(ids.getDefault()).map(IdentityRecord::identifier)).contains("I02");
    assertThat(await(ids.get("I01")).orElseThrow().isDefault()).isFalse();

    assertThat(await(ids.setDefault("I02"))).isTrue();
    assertThat(await(ids.setDefault("I-unknown"))).isFalse();
    assertThat(await(ids.getDefault()).map(IdentityRecord::identifier)).contains("I02");

    await(ids.delete("I02"));
    assertThat(await(ids.getDefault())).isEqualTo(Optional.empty());
  }

  @Test
  void listReturnsAllInInsertionOrder() {
    for (int i = 0; i < 5; i++) {
      await(ids.store("I0" + i, bytes(i)));
    }
    assertThat(await(ids.list())).extracting(IdentityRecord::identifier)
        .containsExactly("I00", "I01", "I02", "I03", "I04");
  }

  @Test
  void recordsCopyTheirBytes() {
    byte[] history = bytes(1, 2);
    await(ids.store("I01", history));
    history[0] = 99;

    IdentityRecord r = await(ids.get("I01")).orElseThrow();
    r.changeHistory()[0] = 42;
    assertThat(r.changeHistory()).containsExactly(1, 2);
    assertThat(r).isEqualTo(await(ids.get("I01")).orElseThrow());
    assertThat(r.toString()).contains("2 bytes");
  }

  @Test
  void closedStoreFailsWithClosed(VertxTestContext ctx) {
    store.close()
        .compose(v -> ids.list())
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(StoreException.class);
          assertThat(((StoreException) err).reason()).isEqualTo(StoreException.Reason.CLOSED);
          ctx.completeNow();
        })));
  }
}
