/**
 * ABAC enforcement in a node (protocol reference §7.4 to §7.6): {@link io.ockamj.verticles.policy.Policies}
 * stores and looks up the policies of a node's resources, and builds the incoming and outgoing
 * {@link io.ockamj.verticles.policy.PolicyAccessControl}s that protect inlets, outlets, relays and
 * secure channel listeners. The subject of a check is the identity at the other end of the secure
 * channel a message came out of (incoming) or goes into (outgoing); its attributes come from
 * {@link io.ockamj.verticles.policy.SubjectAttributes}.
 * <p>
 * As in Rust Ockam, the policy for a resource name wins over the policy for its type; without
 * either, a node with an authority admits {@code (= subject.has_credential true)} and a node without
 * one admits everyone. Unlike Rust, the policy is looked up at check time (decisions are cached for
 * one second per subject), so {@code ockam policy create} also applies to resources that already
 * run.
 */
package io.ockamj.verticles.policy;
