package io.ockamj.console;

import io.ockamj.crypto.identity.VerifiedCredential;
import io.ockamj.policy.Expr;
import io.ockamj.verticles.nodemanager.NodeManager;
import io.ockamj.verticles.policy.Policies;
import io.ockamj.verticles.policy.SubjectAttributes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the node knows of a secure channel's peer, for the console's channel view: the attributes its
 * policies would see for the peer's identifier ({@link SubjectAttributes#environment}: its entry in the
 * node's attribute store, and the credentials from the node's authorities) together with the attributes of
 * every unexpired credential the peer presented in a handshake.
 * <p>
 * The stored part is read asynchronously (the store is SQLite) and kept for {@link #REFRESH_MS} ms: a new
 * peer's stored attributes appear in the snapshot after the one that asked for them. Only the peers of
 * open channels are kept ({@link #retain}).
 */
final class PeerFacts {

  /** How long the stored attributes of a peer are reused before they are read again. */
  static final long REFRESH_MS = 5_000;
  private static final System.Logger LOG = System.getLogger(PeerFacts.class.getName());

  private record Known(Map<String, String> attributes, boolean hasCredential, long at) {
  }

  private final NodeManager manager;
  private final Map<String, Known> known = new ConcurrentHashMap<>();
  private final Set<String> loading = ConcurrentHashMap.newKeySet();

  PeerFacts(NodeManager manager) {
    this.manager = manager;
  }

  /**
   * @param peer a peer's identifier
   * @param now the time, in ms since the epoch
   * @return {@code {"attributes": {...}, "has_credential": bool, "credentials": [{"issuer", "expires_at"}]}}
   */
  JsonObject of(String peer, long now) {
    Known k = known.get(peer);
    if (k == null || now - k.at() > REFRESH_MS) {
      load(peer);
    }
    Map<String, String> attributes = new TreeMap<>();
    if (k != null) {
      attributes.putAll(k.attributes());
    }
    JsonArray credentials = new JsonArray();
    long nowSeconds = now / 1000;
    for (VerifiedCredential c : manager.channels().verifiedCredentials(peer)) {
      if (c.expiresAt() > nowSeconds) {
        attributes.putAll(c.attributes().toStringMap());
        credentials.add(new JsonObject().put("issuer", c.issuer().toString()).put("expires_at", c.expiresAt()));
      }
    }
    return new JsonObject().put("attributes", new JsonObject(Map.copyOf(attributes)))
      .put("has_credential", !credentials.isEmpty() || (k != null && k.hasCredential()))
      .put("credentials", credentials);
  }

  /** Forgets the peers that are not in the list (their channels closed). */
  void retain(Collection<String> peers) {
    known.keySet().retainAll(Set.copyOf(peers));
  }

  private void load(String peer) {
    Policies policies = manager.policies();
    if (policies == null || !loading.add(peer)) {
      return;
    }
    policies.subjects().environment(peer).onComplete(ar -> {
      loading.remove(peer);
      Map<String, String> attributes = new TreeMap<>();
      boolean credential = false;
      if (ar.succeeded()) {
        for (Map.Entry<String, Expr> e : ar.result().entrySet()) {
          String key = e.getKey().startsWith(SubjectAttributes.SUBJECT) ? e.getKey().substring(SubjectAttributes.SUBJECT.length()) : null;
          if ("has_credential".equals(key)) {
            credential = e.getValue() instanceof Expr.Bool b && b.value();
          } else if (key != null && !key.equals("identifier") && e.getValue() instanceof Expr.Str s) {
            attributes.put(key, s.value());
          }
        }
      } else {
        // shown without its stored attributes; tried again after REFRESH_MS
        LOG.log(System.Logger.Level.DEBUG, () -> "console: could not read the attributes of " + peer + ": " + ar.cause());
      }
      known.put(peer, new Known(Map.copyOf(attributes), credential, System.currentTimeMillis()));
    });
  }
}
