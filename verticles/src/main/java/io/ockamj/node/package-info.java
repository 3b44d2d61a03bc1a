/**
 * The Ockam node runtime on Vert.x: a {@link io.ockamj.node.Node} runs {@link io.ockamj.node.Worker}s
 * and {@link io.ockamj.node.Processor}s as verticles and routes {@link io.ockamj.protocol.LocalMessage}s
 * between them over the event bus, with Ockam's delivery semantics: one sequential mailbox per worker,
 * incoming access control on delivery, outgoing access control on send.
 */
package io.ockamj.node;
