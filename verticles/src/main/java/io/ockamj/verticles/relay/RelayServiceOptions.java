package io.ockamj.verticles.relay;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of a {@link RelayService}: its addresses, the prefix of relay addresses and how often
 * relays whose route is dead are looked for.
 */
public class RelayServiceOptions {

  /** Default service address: {@code forwarding_service}. */
  public static final String DEFAULT_ADDRESS = RelayService.DEFAULT_ADDRESS;
  /** Default aliases: {@code static_forwarding_service}. */
  public static final List<String> DEFAULT_ALIASES = List.of(RelayService.STATIC_ADDRESS);
  /** Default prefix of relay addresses: {@code forward_to_}. */
  public static final String DEFAULT_PREFIX = RelayService.DEFAULT_PREFIX;
  /** Default interval between checks for relays whose route is dead: 1 s. */
  public static final long DEFAULT_DEAD_RELAY_CHECK_INTERVAL_MS = 1000;

  private String address = DEFAULT_ADDRESS;
  private final List<String> aliases = new ArrayList<>(DEFAULT_ALIASES);
  private String prefix = DEFAULT_PREFIX;
  private long deadRelayCheckIntervalMs = DEFAULT_DEAD_RELAY_CHECK_INTERVAL_MS;

  /** Creates default options. */
  public RelayServiceOptions() {
  }

  /**
   * Copy constructor.
   *
   * @param other options to copy
   */
  public RelayServiceOptions(RelayServiceOptions other) {
    address = other.address;
    aliases.clear();
    aliases.addAll(other.aliases);
    prefix = other.prefix;
    deadRelayCheckIntervalMs = other.deadRelayCheckIntervalMs;
  }

  /**
   * Creates options from JSON.
   *
   * @param json the JSON form of {@link #toJson()}
   */
  public RelayServiceOptions(JsonObject json) {
    address = json.getString("address", DEFAULT_ADDRESS);
    JsonArray a = json.getJsonArray("aliases");
    if (a != null) {
      aliases.clear();
      for (Object o : a) {
        aliases.add((String) o);
      }
    }
    prefix = json.getString("prefix", DEFAULT_PREFIX);
    deadRelayCheckIntervalMs = json.getLong("deadRelayCheckIntervalMs", DEFAULT_DEAD_RELAY_CHECK_INTERVAL_MS);
  }

  /**
   * @return the JSON form
   */
  public JsonObject toJson() {
    return new JsonObject().put("address", address).put("aliases", new JsonArray(new ArrayList<>(aliases)))
      .put("prefix", prefix).put("deadRelayCheckIntervalMs", deadRelayCheckIntervalMs);
  }

  /** @return the primary address of the service */
  public String getAddress() {
    return address;
  }

  /**
   * @param address the primary address of the service
   * @return this
   */
  public RelayServiceOptions setAddress(String address) {
    this.address = Objects.requireNonNull(address, "address");
    return this;
  }

  /** @return further addresses of the same service (mailboxes of the one worker) */
  public List<String> getAliases() {
    return aliases;
  }

  /**
   * @param aliases further addresses of the same service
   * @return this
   */
  public RelayServiceOptions setAliases(List<String> aliases) {
    this.aliases.clear();
    this.aliases.addAll(aliases);
    return this;
  }

  /** @return the prefix put before a registered name to make the relay address */
  public String getPrefix() {
    return prefix;
  }

  /**
   * @param prefix the prefix put before a registered name to make the relay address
   * @return this
   */
  public RelayServiceOptions setPrefix(String prefix) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    return this;
  }

  /** @return milliseconds between checks for relays whose route's first hop is gone */
  public long getDeadRelayCheckIntervalMs() {
    return deadRelayCheckIntervalMs;
  }

  /**
   * @param ms milliseconds between checks for relays whose route's first hop is gone (at least 1)
   * @return this
   */
  public RelayServiceOptions setDeadRelayCheckIntervalMs(long ms) {
    if (ms < 1) {
      throw new IllegalArgumentException("deadRelayCheckIntervalMs must be at least 1");
    }
    this.deadRelayCheckIntervalMs = ms;
    return this;
  }
}
