/**
 * The node's meters (Micrometer), and the small recording API that transports, secure channels,
 * portals, relays, credentials and policies call: {@link io.ockamj.verticles.metrics.NodeMeters}.
 * <p>
 * Meters exist only when a registry was {@linkplain io.ockamj.verticles.metrics.NodeMeters#install
 * installed} on the node (the CLI does so for a node with an HTTP server, unless metrics are turned
 * off); otherwise every recording call returns at once. Nothing is sent anywhere: the registry is
 * read by the node's own HTTP server ({@code GET /metrics}) and nothing else.
 * <p>
 * The meters, as Prometheus names them (every one has the label {@code node}):
 * <ul>
 *   <li>{@code ockam_messages_delivered_total}; {@code ockam_messages_dropped_total{reason}} (the
 *     counts of {@link io.ockamj.node.Drops}, one series per {@link io.ockamj.node.DropReason})</li>
 *   <li>{@code ockam_transport_messages_total{transport,direction}} and
 *     {@code ockam_transport_bytes_total{transport,direction}}: messages and their payload bytes a
 *     transport sent or received ({@code direction} is {@code sent} or {@code received})</li>
 *   <li>{@code ockam_secure_channels_established_total{role}}, {@code ockam_secure_channels_failed_total{role}},
 *     {@code ockam_secure_channels_open}, {@code ockam_secure_channel_handshake_seconds{role}} (a
 *     histogram); {@code role} is {@code initiator} or {@code responder}</li>
 *   <li>{@code ockam_portal_connections_total{kind,portal}}, {@code ockam_portal_connections_open{kind,portal}},
 *     {@code ockam_portal_bytes_total{kind,portal,direction}}: {@code kind} is {@code inlet} or
 *     {@code outlet}, {@code direction} {@code from_tcp} (read from the TCP client or target and
 *     sent into the portal) or {@code to_tcp} (written to it)</li>
 *   <li>{@code ockam_relay_pings_total{relay,outcome}}, {@code ockam_relay_rtt_seconds{relay}} (a
 *     histogram) and {@code ockam_relay_last_rtt_seconds{relay}} (the last answered ping's round trip)</li>
 *   <li>{@code ockam_credential_refreshes_total{outcome}} and {@code ockam_policy_denials_total{resource_type,resource}}
 *     (one per message or secure channel a policy refused)</li>
 * </ul>
 */
package io.ockamj.verticles.metrics;
