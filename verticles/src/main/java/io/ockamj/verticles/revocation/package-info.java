/**
 * Revocation that takes effect at once (ours; Rust Ockam waits for credentials to expire).
 * <p>
 * An authority runs a {@link io.ockamj.verticles.revocation.RevocationService} at
 * {@value io.ockamj.verticles.revocation.RevocationService#ADDRESS}: when a member is deleted it signs
 * a {@link io.ockamj.crypto.identity.RevocationNotice} with the next sequence number, stores it and
 * pushes it to every subscribed node. A node's {@link io.ockamj.verticles.revocation.RevocationSubscriber}
 * subscribes over a secure channel, asking for what follows the last notice it applied (so a node
 * that was offline catches up, and a gap is asked for again), verifies each notice against the
 * authority identity, stores it and hands it to the node, which closes the subject's channels and
 * portal connections and stops honouring its credentials ({@link io.ockamj.verticles.revocation.Revocations}).
 */
package io.ockamj.verticles.revocation;
