/**
 * The node's HTTP server, as Rust Ockam's {@code ockam node create --http-server}: health
 * ({@code GET /} and {@code HEAD /}: 200 while the node is up, 503 while it starts or stops), the
 * node's state as JSON ({@code GET /show}) and, ours, its meters in the Prometheus text format
 * ({@code GET /metrics}). It listens on 127.0.0.1 only. Nothing is sent anywhere: metrics are only
 * read from this server.
 */
package io.ockamj.console.status;
