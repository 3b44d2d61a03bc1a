package io.ockamj.store;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored local node.
 * <p>
 * The configuration object is copied on the way in and out.
 *
 * @param name the node's name, unique, not {@code null}
 * @param identifier the identifier of the node's identity, not {@code null}
 * @param pid the operating-system process id while the node runs, or {@code null}
 * @param tcpListenerAddress the node's TCP listener ({@code host:port}), or {@code null}
 * @param isDefault whether this is the default node (at most one is)
 * @param config free-form configuration, stored as JSON text; never {@code null} ({@code null} is read
 *     as an empty object)
 * @param createdAt when the node was first stored (whole seconds); {@code null} means "now" when storing,
 *     and is never {@code null} when read back
 */
public record NodeRecord(String name, String identifier, Long pid, String tcpListenerAddress, boolean isDefault,
                         JsonObject config, Instant createdAt) {

  /**
   * Validates and copies the components.
   *
   * @param name the name
   * @param identifier the identity's identifier
   * @param pid the process id or {@code null}
   * @param tcpListenerAddress the listener address or {@code null}
   * @param isDefault the default flag
   * @param config the configuration or {@code null}
   * @param createdAt the creation time or {@code null}
   */
  public NodeRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(identifier, "identifier");
    config = config == null ? new JsonObject() : config.copy();
  }

  /**
   * Creates a record with only a name and an identity; everything else empty, not default.
   *
   * @param name the node's name
   * @param identifier the identifier of its identity
   * @return the record
   */
  public static NodeRecord of(String name, String identifier) {
    return new NodeRecord(name, identifier, null, null, false, null, null);
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

  /**
   * Returns a copy with another process id.
   *
   * @param pid the process id or {@code null}
   * @return the new record
   */
  public NodeRecord withPid(Long pid) {
    return new NodeRecord(name, identifier, pid, tcpListenerAddress, isDefault, config, createdAt);
  }

  /**
   * Returns a copy with another TCP listener address.
   *
   * @param address the address or {@code null}
   * @return the new record
   */
  public NodeRecord withTcpListenerAddress(String address) {
    return new NodeRecord(name, identifier, pid, address, isDefault, config, createdAt);
  }

  /**
   * Returns a copy with another default flag.
   *
   * @param isDefault the default flag
   * @return the new record
   */
  public NodeRecord withDefault(boolean isDefault) {
    return new NodeRecord(name, identifier, pid, tcpListenerAddress, isDefault, config, createdAt);
  }

  /**
   * Returns a copy with another configuration.
   *
   * @param config the configuration or {@code null}
   * @return the new record
   */
  public NodeRecord withConfig(JsonObject config) {
    return new NodeRecord(name, identifier, pid, tcpListenerAddress, isDefault, config, createdAt);
  }
}
