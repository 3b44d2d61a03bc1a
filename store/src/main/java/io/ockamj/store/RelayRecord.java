package io.ockamj.store;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored relay of a node (a name the node registered on a relay node), recreated when the node
 * starts again.
 * <p>
 * The configuration object is copied on the way in and out.
 *
 * @param nodeName the node that registers the relay, not {@code null}
 * @param name the relay name, unique per node, not {@code null}
 * @param atRoute the route to the relay node as the user gave it (a multiaddr, re-resolved on every
 *     start), not {@code null}
 * @param remoteAddress the relay's address on the relay node (e.g. {@code forward_to_n1}) when it was
 *     last registered, or {@code null}
 * @param config free-form configuration, stored as JSON text; {@code null} is read as an empty object
 * @param createdAt when the relay was first stored (whole seconds); {@code null} means "now" when
 *     storing, and is never {@code null} when read back
 */
public record RelayRecord(String nodeName, String name, String atRoute, String remoteAddress, JsonObject config,
                          Instant createdAt) {

  /**
   * Validates and copies the components.
   *
   * @param nodeName the node
   * @param name the relay name
   * @param atRoute the route to the relay node
   * @param remoteAddress the relay address or {@code null}
   * @param config the configuration or {@code null}
   * @param createdAt the creation time or {@code null}
   */
  public RelayRecord {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(atRoute, "atRoute");
    config = config == null ? new JsonObject() : config.copy();
  }

  /**
   * Returns a copy of the configuration.
   *
   * @return the configuration
   */
  @Override
  public JsonObject config() {
    return config.copy();
  }
}
