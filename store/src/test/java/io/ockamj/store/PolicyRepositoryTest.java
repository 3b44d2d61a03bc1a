package io.ockamj.store;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.ockamj.store.PolicyRecord.HANDLE_MESSAGE;
import static io.ockamj.store.PolicyRecord.Target.RESOURCE;
import static io.ockamj.store.PolicyRecord.Target.RESOURCE_TYPE;
import static io.ockamj.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Policies by resource name and type, lookup precedence, resources, and the node cascade. */
class PolicyRepositoryTest extends StoreTestBase {

  @Test
  void storesFindsListsAndDeletes() {
    PolicyRepository p = store.policies();
    await(p.store(new PolicyRecord("n1", RESOURCE_TYPE, "tcp-outlet", HANDLE_MESSAGE, "(= subject.has_credential true)")));
    assertThat(await(p.find("n1", "outlet", "tcp-outlet", HANDLE_MESSAGE)).orElseThrow().expression())
      .isEqualTo("(= subject.has_credential true)");
    await(p.store(new PolicyRecord("n1", RESOURCE, "outlet", HANDLE_MESSAGE, "web")));
    await(p.store(new PolicyRecord("n1", RESOURCE, "outlet", HANDLE_MESSAGE, "db")));
    assertThat(await(p.find("n1", "outlet", "tcp-outlet", HANDLE_MESSAGE)).orElseThrow())
      .isEqualTo(new PolicyRecord("n1", RESOURCE, "outlet", HANDLE_MESSAGE, "db"));
    assertThat(await(p.find("n2", "outlet", "tcp-outlet", HANDLE_MESSAGE))).isEmpty();
    assertThat(await(p.list("n1"))).containsExactly(
      new PolicyRecord("n1", RESOURCE, "outlet", HANDLE_MESSAGE, "db"),
      new PolicyRecord("n1", RESOURCE_TYPE, "tcp-outlet", HANDLE_MESSAGE, "(= subject.has_credential true)"));
    assertThat(await(p.delete("n1", RESOURCE, "outlet", HANDLE_MESSAGE))).isTrue();
    assertThat(await(p.delete("n1", RESOURCE, "outlet", HANDLE_MESSAGE))).isFalse();
    assertThat(await(p.list("n1"))).hasSize(1);
  }

  @Test
  void resourcesAndTheNodeCascade() {
    await(store.nodes().store(NodeRecord.of("n1", "I01")));
    PolicyRepository p = store.policies();
    await(p.storeResource("n1", "outlet", "tcp-outlet"));
    await(p.storeResource("n1", "inlet", "tcp-inlet"));
    await(p.store(new PolicyRecord("n1", RESOURCE, "outlet", HANDLE_MESSAGE, "web")));
    assertThat(await(p.resources("n1"))).isEqualTo(Map.of("inlet", "tcp-inlet", "outlet", "tcp-outlet"));
    assertThat(await(p.deleteResource("n1", "inlet"))).isTrue();
    await(store.nodes().delete("n1"));
    assertThat(await(p.resources("n1"))).isEmpty();
    assertThat(await(p.list("n1"))).isEqualTo(List.of());
  }
}
