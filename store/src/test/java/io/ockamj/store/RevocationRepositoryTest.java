package io.ockamj.store;

import static io.ockamj.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Revocation notices: appended once per authority and number, read back in order after a number. */
class RevocationRepositoryTest extends StoreTestBase {

  private static RevocationRecord notice(String authority, long seq, String subject) {
    return new RevocationRecord(authority, seq, subject, 1000 + seq, new byte[] {(byte) seq, 1, 2});
  }

  @Test
  void appendOnceAndReadInOrder() {
    RevocationRepository r = store.revocations();
    assertThat(await(r.lastSeq("Iauth"))).isZero();
    assertThat(await(r.append(notice("Iauth", 2, "Ib")))).isTrue();
    assertThat(await(r.append(notice("Iauth", 1, "Ia")))).isTrue();
    assertThat(await(r.append(notice("Iauth", 1, "Ia")))).isFalse();
    assertThat(await(r.append(notice("Iother", 7, "Ia")))).isTrue();

    assertThat(await(r.lastSeq("Iauth"))).isEqualTo(2);
    assertThat(await(r.lastSeq("Iother"))).isEqualTo(7);
    assertThat(await(r.after("Iauth", 0, 10))).containsExactly(notice("Iauth", 1, "Ia"), notice("Iauth", 2, "Ib"));
    assertThat(await(r.after("Iauth", 1, 10))).containsExactly(notice("Iauth", 2, "Ib"));
    assertThat(await(r.after("Iauth", 0, 1))).containsExactly(notice("Iauth", 1, "Ia"));
    assertThat(await(r.after("Iauth", 2, 10))).isEmpty();
  }
}
