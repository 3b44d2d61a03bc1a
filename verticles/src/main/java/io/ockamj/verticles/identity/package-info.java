/**
 * Local identities that survive restarts: {@link io.ockamj.verticles.identity.IdentityManager}
 * creates, rotates, lists and deletes named identities, keeps their secret keys in the store's vault
 * table, and hands out {@link io.ockamj.verticles.identity.LocalIdentity} holders (identity, vault,
 * attested secure-channel key) for the secure-channel code (protocol §5.4–5.10, §6.2).
 */
package io.ockamj.verticles.identity;
