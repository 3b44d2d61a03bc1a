package io.ockamj.verticles.nodemanager;

/**
 * A service a node runs, as {@code GET /node/services} lists it.
 *
 * @param address the service's local address, for example {@code echo}
 * @param type what it is: {@code echo}, {@code uppercase}, {@code hop}, {@code secure_channel_listener}, ...
 */
public record ServiceInfo(String address, String type) {
}
