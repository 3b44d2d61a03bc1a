/**
 * Getting started with an Ockam node inside a Vert.x application, one small class with {@code main}
 * per step, as Rust Ockam's {@code examples/rust/get_started}: {@link io.ockamj.examples.HelloWorker}
 * (01), {@link io.ockamj.examples.RoutingOverHops} (02), {@link io.ockamj.examples.RoutingOverTcp}
 * (03), {@link io.ockamj.examples.SecureChannelOverTcp} (04), {@link io.ockamj.examples.SecureChannelThroughRelay}
 * (05) and {@link io.ockamj.examples.PortalInCode} (06). Everything runs on 127.0.0.1.
 * <p>
 * 07, credentials and access policies (Rust's {@code 06-credentials-exchange-*} and
 * {@code 11-attribute-based-authentication*}), comes later: it needs an authority node and the
 * credential-issuing API in the embedding API, which this project does not expose yet.
 */
package io.ockamj.examples;
