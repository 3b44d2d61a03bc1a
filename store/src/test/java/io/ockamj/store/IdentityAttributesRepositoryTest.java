package io.ockamj.store;

import static io.ockamj.store.TestSupport.bytes;
import static io.ockamj.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.time.Instant;

class IdentityAttributesRepositoryTest extends StoreTestBase {

  private static final Instant T = Instant.ofEpochSecond(1_800_000_000L);

  @Test
  void storeGetListReplaceDelete() {
    IdentityAttributesRepository attrs = store.identityAttributes();
    IdentityAttributesRecord a = new IdentityAttributesRecord("I02", bytes(0xA1, 1, 2), T, T.plusSeconds(60), "Iauth");
    IdentityAttributesRecord b = new IdentityAttributesRecord("I01", bytes(0xA0), T, null, null);

    await(attrs.store(a));
    await(attrs.store(b));

    assertThat(await(attrs.get("I02"))).contains(a);
    assertThat(await(attrs.get("I01"))).contains(b);
    assertThat(await(attrs.get("I03"))).isEmpty();
    assertThat(await(attrs.list())).containsExactly(b, a);

    IdentityAttributesRecord replaced =
        new IdentityAttributesRecord("I02", bytes(0xA0), T.plusSeconds(5), null, "Iother");
    await(attrs.store(replaced));
    assertThat(await(attrs.get("I02"))).contains(replaced);

    assertThat(await(attrs.delete("I01"))).isTrue();
    assertThat(await(attrs.delete("I01"))).isFalse();
    assertThat(await(attrs.list())).containsExactly(replaced);
  }

  @Test
  void expiredEntriesCanBeDetectedAndDeleted() {
    IdentityAttributesRepository attrs = store.identityAttributes();
    IdentityAttributesRecord expiring = new IdentityAttributesRecord("I1", bytes(1), T, T.plusSeconds(10), null);
    IdentityAttributesRecord forever = new IdentityAttributesRecord("I2", bytes(2), T, null, null);
    await(attrs.store(expiring));
    await(attrs.store(forever));

    assertThat(expiring.isExpiredAt(T.plusSeconds(10))).isTrue();
    assertThat(forever.isExpiredAt(T.plusSeconds(1_000_000))).isFalse();
    assertThat(await(attrs.deleteExpired(T.plusSeconds(9)))).isZero();
    assertThat(await(attrs.deleteExpired(T.plusSeconds(10)))).isEqualTo(1);
    assertThat(await(attrs.list())).containsExactly(forever);
  }
}
