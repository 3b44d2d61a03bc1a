package io.ockamj.store;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored TCP inlet of a node, recreated when the node starts again.
 * <p>
 * The configuration object is copied on the way in and out.
 *
 * @param nodeName the node the inlet belongs to, not {@code null}
 * @param alias the inlet's name, unique per node, not {@code null}
 * @param bindAddress the {@code host:port} it listens on (the actual port, so that a restart binds the
 *     same one), not {@code null}
 * @param outletRoute the route to the outlet as the user gave it (a multiaddr, re-resolved on every
 *     start), not {@code null}
 * @param config free-form configuration (for example the authorized identifiers), stored as JSON text;
 *     {@code null} is read as an empty object
 * @param createdAt when the inlet was first stored (whole seconds); {@code null} means "now" when
 *     storing, and is never {@code null} when read back
 */
public record TcpInletRecord(String nodeName, String alias, String bindAddress, String outletRoute, JsonObject config,
                             Instant createdAt) {

  /**
   * Validates and copies the components.
   *
   * @param nodeName the node
   * @param alias the alias
   * @param bindAddress the bind address
   * @param outletRoute the outlet route
   * @param config the configuration or {@code null}
   * @param createdAt the creation time or {@code null}
   */
  public TcpInletRecord {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(outletRoute, "outletRoute");
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
