package io.ockamj.store;

import static io.ockamj.store.TestSupport.bytes;
import static io.ockamj.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.time.Instant;

class CredentialRepositoryTest extends StoreTestBase {

  private static final Instant T = Instant.ofEpochSecond(1_800_000_000L);

  @Test
  void storeGetListReplaceDelete() {
    CredentialRepository creds = store.credentials();
    CredentialRecord a = new CredentialRecord("Isubject", "Iauthority", "project-1", bytes(1, 2), T);
    CredentialRecord b = new CredentialRecord("Isubject", "Iauthority", "project-2", bytes(3), T.plusSeconds(60));
    CredentialRecord other = new CredentialRecord("Iother", "Iauthority", "project-1", bytes(4), T);

    await(creds.store(a));
    await(creds.store(b));
    await(creds.store(other));

    assertThat(await(creds.get("Isubject", "Iauthority", "project-1"))).contains(a);
    assertThat(await(creds.get("Isubject", "Iauthority", "nope"))).isEmpty();
    assertThat(await(creds.list("Isubject"))).containsExactly(a, b);

    CredentialRecord renewed =
        new CredentialRecord("Isubject", "Iauthority", "project-1", bytes(9), T.plusSeconds(3600));
    await(creds.store(renewed));
    assertThat(await(creds.get("Isubject", "Iauthority", "project-1"))).contains(renewed);

    assertThat(await(creds.delete("Isubject", "Iauthority", "project-2"))).isTrue();
    assertThat(await(creds.delete("Isubject", "Iauthority", "project-2"))).isFalse();
    assertThat(await(creds.list("Isubject"))).containsExactly(renewed);
  }

  @Test
  void expiredCredentialsCanBeDetectedAndDeleted() {
    CredentialRepository creds = store.credentials();
    CredentialRecord old = new CredentialRecord("I1", "Ia", "s", bytes(1), T);
    CredentialRecord fresh = new CredentialRecord("I2", "Ia", "s", bytes(2), T.plusSeconds(10));
    await(creds.store(old));
    await(creds.store(fresh));

    assertThat(old.isExpiredAt(T)).isTrue();
    assertThat(fresh.isExpiredAt(T)).isFalse();
    assertThat(await(creds.deleteExpired(T))).isEqualTo(1);
    assertThat(await(creds.get("I1", "Ia", "s"))).isEmpty();
    assertThat(await(creds.get("I2", "Ia", "s"))).contains(fresh);
  }
}
