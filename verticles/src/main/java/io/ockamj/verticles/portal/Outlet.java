package io.ockamj.verticles.portal;

/**
 * A TCP outlet of a node.
 *
 * @param address the local address of the outlet listener worker (where inlets send Ping)
 * @param target the {@code host:port} the outlet connects to for every portal connection
 * @param connections the portal connections open at the time of the call
 * @param tls whether the outlet connects to its target with TLS (Rust's {@code --tls}), verifying the
 *     target's certificate against the JVM's trust roots and the host name of {@code target}
 */
public record Outlet(String address, String target, int connections, boolean tls) {

  /**
   * An outlet that connects to its target over plain TCP.
   *
   * @param address the outlet's address
   * @param target its target
   * @param connections its open portal connections
   */
  public Outlet(String address, String target, int connections) {
    this(address, target, connections, false);
  }
}
