/**
 * The node-manager API: the {@code _internal.nodemanager} worker that answers Ockam API requests
 * (§1.13 framing) about a node, and the typed {@link io.ockamj.verticles.nodemanager.NodeManagerClient}
 * the CLI and the web console use.
 * <p>
 * Unlike Rust Ockam, the API is reachable only through a secure channel whose peer is one of the
 * node's administrators; everything else is dropped by the worker's incoming access control.
 */
package io.ockamj.verticles.nodemanager;
