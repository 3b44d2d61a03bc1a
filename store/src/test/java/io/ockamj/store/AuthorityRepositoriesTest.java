package io.ockamj.store;

import static io.ockamj.store.TestSupport.bytes;
import static io.ockamj.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

class AuthorityRepositoriesTest extends StoreTestBase {

  private static final Instant T = Instant.ofEpochSecond(1_800_000_000L);

  private EnrollmentTokenRecord token(String code, long count, Instant expires) {
    return new EnrollmentTokenRecord(code, "ref", "Ienroller", T, expires, count, bytes(0xa1, 0x41, 0x61, 0x41, 0x62));
  }

  @Test
  void membersAddGetListDeleteAndPreTrustedReplacement() {
    AuthorityMemberRepository members = store.authorityMembers();
    AuthorityMemberRecord a = new AuthorityMemberRecord("Ia", "Iauth", T, true, bytes(1));
    AuthorityMemberRecord b = new AuthorityMemberRecord("Ib", "Ienroller", T, false, bytes(2));
    await(members.replacePreTrusted(List.of(a)));
    await(members.add(b));
    assertThat(await(members.list())).containsExactly(a, b);
    AuthorityMemberRecord c = new AuthorityMemberRecord("Ic", "Iauth", T, true, bytes(3));
    await(members.replacePreTrusted(List.of(c)));
    assertThat(await(members.list())).containsExactly(b, c);
    assertThat(await(members.delete("Ib"))).isTrue();
    assertThat(await(members.delete("Ib"))).isFalse();
    assertThat(await(members.get("Ic"))).contains(c);
  }

  @Test
  void aTokenIsUsedAsOftenAsItAllowsAndWritesNothingWhenRefused() {
    EnrollmentTokenRepository tokens = store.enrollmentTokens();
    await(tokens.store(token("aa", 2, T.plusSeconds(600))));
    var first = await(tokens.accept("aa", "I1", T.plusSeconds(1)));
    assertThat(first.outcome()).isEqualTo(EnrollmentTokenRepository.Outcome.ACCEPTED);
    assertThat(first.token().orElseThrow().ttlCount()).isEqualTo(1);
    AuthorityMemberRecord m = await(store.authorityMembers().get("I1")).orElseThrow();
    assertThat(m.addedBy()).isEqualTo("Ienroller");
    assertThat(m.attributes()).isEqualTo(bytes(0xa1, 0x41, 0x61, 0x41, 0x62));

    assertThat(await(tokens.accept("aa", "I1", T.plusSeconds(2))).outcome())
      .isEqualTo(EnrollmentTokenRepository.Outcome.ALREADY_MEMBER);
    assertThat(await(tokens.get("aa")).orElseThrow().ttlCount()).isEqualTo(1);
    assertThat(await(tokens.accept("aa", "I2", T.plusSeconds(2))).outcome())
      .isEqualTo(EnrollmentTokenRepository.Outcome.ACCEPTED);
    assertThat(await(tokens.accept("aa", "I3", T.plusSeconds(3))).outcome())
      .isEqualTo(EnrollmentTokenRepository.Outcome.USED_UP);
    assertThat(await(store.authorityMembers().get("I3"))).isEmpty();
    assertThat(await(tokens.accept("zz", "I3", T)).outcome()).isEqualTo(EnrollmentTokenRepository.Outcome.UNKNOWN);
  }

  @Test
  void anExpiredTokenIsRefused() {
    EnrollmentTokenRepository tokens = store.enrollmentTokens();
    await(tokens.store(token("bb", 5, T.plusSeconds(10))));
    assertThat(await(tokens.accept("bb", "I1", T.plusSeconds(10))).outcome())
      .isEqualTo(EnrollmentTokenRepository.Outcome.EXPIRED);
    assertThat(await(store.authorityMembers().list())).isEmpty();
    assertThat(await(tokens.deleteExpiredBefore(T.plusSeconds(11)))).isEqualTo(1);
  }

  @Test
  void concurrentUsesOfASingleUseTokenAdmitOneIdentity() {
    EnrollmentTokenRepository tokens = store.enrollmentTokens();
    await(tokens.store(token("cc", 1, T.plusSeconds(600))));
    List<Future<EnrollmentTokenRepository.Acceptance>> uses = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      uses.add(tokens.accept("cc", "I" + i, T.plusSeconds(1)));
    }
    await(Future.join(uses));
    long accepted = uses.stream().filter(f -> f.result().outcome() == EnrollmentTokenRepository.Outcome.ACCEPTED).count();
    assertThat(accepted).isEqualTo(1);
    assertThat(await(store.authorityMembers().list())).hasSize(1);
  }

  @Test
  void projectsKeepOneDefault() {
    ProjectRepository projects = store.projects();
    ProjectRecord p1 = await(projects.store(new ProjectRecord("p1", "id1", false, new JsonObject().put("id", "id1"), T)));
    assertThat(p1.isDefault()).isTrue();
    ProjectRecord p2 = await(projects.store(new ProjectRecord("p2", "id2", true, new JsonObject().put("id", "id2"), T)));
    assertThat(p2.isDefault()).isTrue();
    assertThat(await(projects.getDefault()).orElseThrow().name()).isEqualTo("p2");
    assertThat(await(projects.get("p1")).orElseThrow().isDefault()).isFalse();
    assertThat(await(projects.list())).extracting(ProjectRecord::name).containsExactly("p1", "p2");
    assertThat(await(projects.delete("p1"))).isTrue();
  }
}
