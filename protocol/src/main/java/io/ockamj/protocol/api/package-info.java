/**
 * Ockam's request/response API framing (protocol reference §1.13): the CBOR {@link
 * io.ockamj.protocol.api.RequestHeader} and {@link io.ockamj.protocol.api.ResponseHeader}, the
 * {@link io.ockamj.protocol.api.Method} and {@link io.ockamj.protocol.api.Status} codes, the
 * {@link io.ockamj.protocol.api.ApiError} body, and whole {@link io.ockamj.protocol.api.Request}s and
 * {@link io.ockamj.protocol.api.Response}s as they travel in a message payload (a BARE {@code Vec<u8>}
 * wrapping the header and the optional body).
 * <p>
 * Every decoder is bounded and fails only with {@link io.ockamj.protocol.errors.DecodeException}.
 */
package io.ockamj.protocol.api;
