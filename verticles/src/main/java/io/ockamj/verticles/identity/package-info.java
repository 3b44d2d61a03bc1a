/**
 * Local identities that survive restarts: {@link io.ockamj.verticles.identity.IdentityManager}
 * creates, rotates, lists and deletes named identities, keeps their keys in named vaults
 * ({@link io.ockamj.verticles.identity.VaultManager}: software, or a PKCS#11 token), and hands out {@link io.ockamj.verticles.identity.LocalIdentity} holders (identity, vault,
 * attested secure-channel key) for the secure-channel code (protocol §5.4–5.10, §6.2, §11).
 */
package io.ockamj.verticles.identity;
