package io.ockamj.verticles.policy;

import io.ockamj.node.RelayMessage;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.LocalMessage;
import io.ockamj.protocol.Route;
import io.ockamj.store.PolicyRecord;
import io.ockamj.store.PolicyRepository;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A resource's access control asks the store once per subject, however many messages wait on the answer. */
class PolicyAccessControlTest {

  /** The in-memory repository, with its look-ups held until released and counted. */
  private static final class HeldLookups {
    final AtomicInteger lookups = new AtomicInteger();
    final List<Promise<Void>> held = new ArrayList<>();
    final PolicyRepository repository;

    HeldLookups() {
      PolicyRepository memory = new InMemoryPolicyRepository();
      repository = (PolicyRepository) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PolicyRepository.class},
        (proxy, method, args) -> {
          Object result = method.invoke(memory, args);
          if (!method.getName().equals("find")) {
            return result;
          }
          lookups.incrementAndGet();
          Promise<Void> gate = Promise.promise();
          synchronized (held) {
            held.add(gate);
          }
          @SuppressWarnings("unchecked")
          Future<Optional<PolicyRecord>> found = (Future<Optional<PolicyRecord>>) result;
          return gate.future().compose(v -> found);
        });
    }

    void release() {
      synchronized (held) {
        held.forEach(Promise::tryComplete);
        held.clear();
      }
    }
  }

  private static RelayMessage message() {
    return new RelayMessage(Address.local("from"), Address.local("outlet"),
      LocalMessage.of(Route.of("outlet"), Route.of("from"), new byte[] {1}));
  }

  @Test
  void manyMessagesWaitingForADecisionShareOneLookup() {
    HeldLookups store = new HeldLookups();
    Policies policies = new Policies("n1", store.repository, new SubjectAttributes(null, null, Set.of(), Clock.systemUTC()), null);
    PolicyAccessControl ac = policies.incoming("outlet", ResourceType.TCP_OUTLET);

    List<Future<Boolean>> decisions = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      decisions.add(ac.isAuthorized(message()));
    }
    assertThat(store.lookups.get()).isEqualTo(1);
    assertThat(decisions).noneMatch(Future::isComplete);

    store.release();
    assertThat(decisions).allMatch(f -> f.succeeded() && f.result());
    // decided: the next messages use the decision without asking
    assertThat(ac.isAuthorized(message()).result()).isTrue();
    assertThat(store.lookups.get()).isEqualTo(1);
  }

  @Test
  void anExpiredDecisionServesWhileItsSuccessorIsLookedUpButNotAfterAPolicyChange() throws Exception {
    HeldLookups store = new HeldLookups();
    Policies policies = new Policies("n1", store.repository, new SubjectAttributes(null, null, Set.of(), Clock.systemUTC()), null);
    PolicyAccessControl ac = policies.incoming("outlet", ResourceType.TCP_OUTLET);
    Future<Boolean> first = ac.isAuthorized(message());
    store.release();
    assertThat(first.result()).isTrue();

    long expiresAt = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(PolicyAccessControl.CACHE_MILLIS + 50);
    io.ockamj.testing.Await.until("the decision expired", () -> System.nanoTime() > expiresAt, java.time.Duration.ofSeconds(5));
    // expired: a new look-up starts, and the messages meanwhile are decided by the expired decision
    assertThat(ac.isAuthorized(message()).result()).isTrue();
    assertThat(ac.isAuthorized(message()).result()).isTrue();
    assertThat(store.lookups.get()).isEqualTo(2);
    store.release();

    // a policy change: nothing old is served, every message waits for the new decision
    Future<?> set = policies.set(PolicyRecord.Target.RESOURCE, "outlet", io.ockamj.policy.PolicyExpression.parse("(= subject.x \"y\")"));
    assertThat(set.succeeded()).isTrue();
    Future<Boolean> afterChange = ac.isAuthorized(message());
    assertThat(afterChange.isComplete()).isFalse();
    store.release();
    assertThat(afterChange.failed()).isTrue();
  }

  @Test
  void aFailedLookupIsNotKept() {
    AtomicInteger calls = new AtomicInteger();
    PolicyRepository memory = new InMemoryPolicyRepository();
    PolicyRepository failingOnce = (PolicyRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
      new Class<?>[] {PolicyRepository.class}, (proxy, method, args) -> method.getName().equals("find") && calls.incrementAndGet() == 1
        ? Future.failedFuture(new IllegalStateException("store unavailable")) : method.invoke(memory, args));
    Policies policies = new Policies("n1", failingOnce, new SubjectAttributes(null, null, Set.of(), Clock.systemUTC()), null);
    PolicyAccessControl ac = policies.incoming("outlet", ResourceType.TCP_OUTLET);
    assertThat(ac.isAuthorized(message()).failed()).isTrue();
    assertThat(ac.isAuthorized(message()).result()).isTrue();
    assertThat(calls.get()).isEqualTo(2);
  }
}
