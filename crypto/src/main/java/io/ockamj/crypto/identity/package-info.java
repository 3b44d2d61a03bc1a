/**
 * Ockam identities, purpose keys and credentials, byte-compatible with Rust Ockam (protocol
 * reference §5 and §6).
 * <p>
 * Data types: {@link io.ockamj.crypto.identity.ChangeHistory} (a decoded, unverified history),
 * {@link io.ockamj.crypto.identity.Identity} (a verified one) and its
 * {@link io.ockamj.crypto.identity.Identifier}; {@link io.ockamj.crypto.identity.PurposeKeyAttestation};
 * {@link io.ockamj.crypto.identity.Credential} and its presentation form
 * {@link io.ockamj.crypto.identity.CredentialAndPurposeKey}. Every decoder keeps the bytes it was
 * given, because signatures and hashes cover exact encodings: send and store {@code bytes()}, never
 * a re-encoding. Every failure, malformed input included, is an
 * {@link io.ockamj.crypto.identity.IdentityException} whose
 * {@link io.ockamj.crypto.identity.IdentityException.Rule rule} names what failed.
 * <p>
 * Services (synchronous, they sign through vaults that may block):
 * {@link io.ockamj.crypto.identity.Identities} creates and rotates identities,
 * {@link io.ockamj.crypto.identity.PurposeKeys} creates and verifies purpose keys, and
 * {@link io.ockamj.crypto.identity.Credentials} issues and verifies credentials. Verification
 * methods on the data types take the current time in unix seconds, so fixed vectors can be
 * checked; the services read it from a {@link java.time.Clock}.
 */
package io.ockamj.crypto.identity;
