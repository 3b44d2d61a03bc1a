package io.ockamj.store;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored TCP outlet of a node, recreated when the node starts again.
 * <p>
 * The configuration object is copied on the way in and out.
 *
 * @param nodeName the node the outlet belongs to, not {@code null}
 * @param alias the outlet's name, unique per node, not {@code null} (the node manager uses the worker
 *     address)
 * @param targetAddress the {@code host:port} the outlet connects to, not {@code null}
 * @param workerAddress the local address inlets send Ping to, unique per node, not {@code null}
 * @param config free-form configuration, stored as JSON text; {@code null} is read as an empty object
 * @param createdAt when the outlet was first stored (whole seconds); {@code null} means "now" when
 *     storing, and is never {@code null} when read back
 */
public record TcpOutletRecord(String nodeName, String alias, String targetAddress, String workerAddress, JsonObject config,
                              Instant createdAt) {

  /**
   * Validates and copies the components.
   *
   * @param nodeName the node
   * @param alias the alias
   * @param targetAddress the target
   * @param workerAddress the worker address
   * @param config the configuration or {@code null}
   * @param createdAt the creation time or {@code null}
   */
  public TcpOutletRecord {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(targetAddress, "targetAddress");
    Objects.requireNonNull(workerAddress, "workerAddress");
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
