/**
 * The web console of a node: {@link io.ockamj.console.ConsoleServer} serves one page (plain ES modules under
 * {@code io/ockamj/console/webroot}) and a JSON + server-sent-events API that shows the node live (workers, TCP
 * connections, secure channels, relays, inlets, outlets, drops), acts on it (close a channel, delete an inlet,
 * outlet or relay) and traces routes through an event-bus interceptor ({@link io.ockamj.console.RouteTracer}).
 * Access goes through one-time login tokens signed by the node's {@link io.ockamj.console.ConsoleKey}, session
 * cookies and CSRF tokens.
 */
package io.ockamj.console;
