package io.ockamj.verticles.nodemanager;

import java.util.List;

/**
 * A TCP inlet a node manager runs, as {@code GET /node/inlet} reports it.
 *
 * @param alias the inlet's name on its node
 * @param bindAddress the {@code host:port} it listens on, bound when the inlet was created (the actual
 *   port when 0 was asked for)
 * @param outletRoute the route to the outlet as given when the inlet was created (a multiaddr, which may
 *   name nodes and secure channels: it is resolved again whenever the inlet reconnects)
 * @param authorized the identifiers the outlet's node must prove (empty: any identity)
 * @param state Rust's connection status: {@code UP} while the route to the outlet works, {@code DOWN}
 *   before it first works and while it is rebuilt after a loss (the listener is bound all along, and
 *   closes client connections at once while {@code DOWN})
 * @param connections the portal connections open at the time of the call
 * @param reason why the inlet is not {@code UP} (the last failure), or {@code null}
 * @param workerAddress while {@code UP}: the address of the inlet's listener on its node (Rust's
 *   {@code worker_addr}), else {@code null}
 * @param route while {@code UP}: the route its connections take to the outlet, resolved from
 *   {@code outletRoute} (Rust's {@code outlet_route}), else {@code null}
 */
public record InletStatus(String alias, String bindAddress, String outletRoute, List<String> authorized, String state,
                          int connections, String reason, String workerAddress, String route) {
}
