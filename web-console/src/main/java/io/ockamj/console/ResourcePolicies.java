package io.ockamj.console;

import io.ockamj.verticles.metrics.NodeMeters;
import io.ockamj.verticles.nodemanager.NodeManager;
import io.ockamj.verticles.policy.PolicyDecision;
import io.ockamj.verticles.policy.Policies;
import io.ockamj.verticles.policy.ResourceType;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policy of an inlet or outlet, for the console: the expression that decides who may use it (its own
 * policy, its type's, the authority default, or none; {@link Policies#check}) and how many messages it
 * refused ({@link NodeMeters#policyDenials}).
 * <p>
 * The expression is read asynchronously (policies are stored in SQLite) and kept for
 * {@link PeerFacts#REFRESH_MS} ms, so a new resource's policy appears in the snapshot after the one that asked
 * for it; the refusals are counted in memory and always current.
 */
final class ResourcePolicies {

  private static final System.Logger LOG = System.getLogger(ResourcePolicies.class.getName());

  private record Known(String source, String expression, long at) {
  }

  private final NodeManager manager;
  private final Map<String, Known> known = new ConcurrentHashMap<>();
  private final Set<String> loading = ConcurrentHashMap.newKeySet();

  ResourcePolicies(NodeManager manager) {
    this.manager = manager;
  }

  /**
   * @param resource the inlet's alias or the outlet's address
   * @param type its type
   * @param now the time, in ms since the epoch
   * @return {@code {"source", "expression", "denials"}}: source {@code resource}, {@code resource-type},
   *   {@code default} or {@code none} ({@code null} until read), the expression or {@code null}
   */
  JsonObject of(String resource, ResourceType type, long now) {
    String key = key(resource, type);
    Known k = known.get(key);
    if (k == null || now - k.at() > PeerFacts.REFRESH_MS) {
      load(key, resource, type);
    }
    return new JsonObject().put("source", k == null ? null : k.source()).put("expression", k == null ? null : k.expression())
      .put("denials", NodeMeters.of(manager.node()).policyDenials(type.text(), resource));
  }

  /** Forgets the resources that are not in the list (keys {@code "TYPE NAME"}). */
  void retain(Collection<String> keys) {
    known.keySet().retainAll(Set.copyOf(keys));
  }

  /** @return the key {@link #retain} takes for a resource */
  static String key(String resource, ResourceType type) {
    return type.text() + " " + resource;
  }

  private void load(String key, String resource, ResourceType type) {
    Policies policies = manager.policies();
    if (policies == null || !loading.add(key)) {
      return;
    }
    // without a subject the decision is not evaluated: it only names the policy that applies
    policies.check(resource, type, null).onComplete(ar -> {
      loading.remove(key);
      if (ar.succeeded()) {
        PolicyDecision d = ar.result();
        known.put(key, new Known(d.source(), d.expression(), System.currentTimeMillis()));
      } else {
        LOG.log(System.Logger.Level.DEBUG, () -> "console: could not read the policy of " + key + ": " + ar.cause());
        known.put(key, new Known(null, null, System.currentTimeMillis()));
      }
    });
  }
}
