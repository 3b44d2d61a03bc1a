/**
 * Ockam's secure channel cryptography: the Noise XX handshake as Ockam runs it
 * ({@link io.ockamj.crypto.noise.HandshakeState}, reversed split into
 * {@link io.ockamj.crypto.noise.TransportKeys}), the data-phase
 * {@link io.ockamj.crypto.noise.ChannelEncryptor} and {@link io.ockamj.crypto.noise.ChannelDecryptor}
 * (8-byte nonce prefix, rekey every 32 messages, replay window and key tracking), and the CBOR
 * models of the handshake payload ({@link io.ockamj.crypto.noise.IdentityAndCredentials}) and of
 * data-phase plaintexts ({@link io.ockamj.crypto.noise.SecureChannelPaddedMessage}).
 * <p>
 * Everything here is synchronous and not thread-safe; failures caused by peer input are
 * {@link io.ockamj.crypto.noise.SecureChannelException} (crypto) or
 * {@link io.ockamj.protocol.errors.DecodeException} (CBOR).
 */
package io.ockamj.crypto.noise;
