package io.ockamj.store;

import static io.ockamj.store.TestSupport.bytes;
import static io.ockamj.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.Map;

class PurposeKeyRepositoryTest extends StoreTestBase {

  @Test
  void storeGetReplaceDelete() {
    PurposeKeyRepository pks = store.purposeKeys();

    await(pks.store("I01", PurposeKeyRepository.SECURE_CHANNEL, bytes(1)));
    await(pks.store("I01", PurposeKeyRepository.CREDENTIALS, bytes(2)));
    await(pks.store("I02", PurposeKeyRepository.SECURE_CHANNEL, bytes(3)));

    assertThat(await(pks.get("I01", PurposeKeyRepository.SECURE_CHANNEL)).orElseThrow()).containsExactly(1);
    assertThat(await(pks.get("I02", PurposeKeyRepository.CREDENTIALS))).isEmpty();

    await(pks.store("I01", PurposeKeyRepository.SECURE_CHANNEL, bytes(5, 5)));
    Map<String, byte[]> all = await(pks.getAll("I01"));
    assertThat(all).containsOnlyKeys("C_PK", "SC_PK");
    assertThat(all.get("SC_PK")).containsExactly(5, 5);
    assertThat(all.get("C_PK")).containsExactly(2);

    assertThat(await(pks.delete("I01", PurposeKeyRepository.SECURE_CHANNEL))).isTrue();
    assertThat(await(pks.delete("I01", PurposeKeyRepository.SECURE_CHANNEL))).isFalse();
    assertThat(await(pks.getAll("I01"))).containsOnlyKeys("C_PK");
    assertThat(await(pks.getAll("I03"))).isEmpty();
  }
}
