package io.ockamj.verticles.policy;

import io.ockamj.store.PolicyRecord;
import io.ockamj.store.PolicyRepository;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link PolicyRepository} in memory, for nodes without a store. */
final class InMemoryPolicyRepository implements PolicyRepository {

  private record Key(String node, PolicyRecord.Target target, String resource, String action) {
  }

  private final Map<Key, PolicyRecord> policies = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> resources = new ConcurrentHashMap<>();

  @Override
  public Future<Void> store(PolicyRecord p) {
    policies.put(new Key(p.nodeName(), p.target(), p.resource(), p.action()), p);
    return Future.succeededFuture();
  }

  @Override
  public Future<Optional<PolicyRecord>> get(String nodeName, PolicyRecord.Target target, String resource, String action) {
    return Future.succeededFuture(Optional.ofNullable(policies.get(new Key(nodeName, target, resource, action))));
  }

  @Override
  public Future<Optional<PolicyRecord>> find(String nodeName, String resourceName, String resourceType, String action) {
    PolicyRecord r = policies.get(new Key(nodeName, PolicyRecord.Target.RESOURCE, resourceName, action));
    if (r == null) {
      r = policies.get(new Key(nodeName, PolicyRecord.Target.RESOURCE_TYPE, resourceType, action));
    }
    return Future.succeededFuture(Optional.ofNullable(r));
  }

  @Override
  public Future<List<PolicyRecord>> list(String nodeName) {
    List<PolicyRecord> out = new ArrayList<>();
    for (PolicyRecord p : policies.values()) {
      if (p.nodeName().equals(nodeName)) {
        out.add(p);
      }
    }
    out.sort(Comparator.comparing(PolicyRecord::target).thenComparing(PolicyRecord::resource).thenComparing(PolicyRecord::action));
    return Future.succeededFuture(out);
  }

  @Override
  public Future<Boolean> delete(String nodeName, PolicyRecord.Target target, String resource, String action) {
    return Future.succeededFuture(policies.remove(new Key(nodeName, target, resource, action)) != null);
  }

  @Override
  public Future<Void> storeResource(String nodeName, String resourceName, String resourceType) {
    resources.computeIfAbsent(nodeName, n -> new ConcurrentHashMap<>()).put(resourceName, resourceType);
    return Future.succeededFuture();
  }

  @Override
  public Future<Map<String, String>> resources(String nodeName) {
    return Future.succeededFuture(new TreeMap<>(resources.getOrDefault(nodeName, Map.of())));
  }

  @Override
  public Future<Boolean> deleteResource(String nodeName, String resourceName) {
    Map<String, String> m = resources.get(nodeName);
    return Future.succeededFuture(m != null && m.remove(resourceName) != null);
  }
}
