/**
 * Getting started with an Ockam node inside a Vert.x application, one small class with {@code main}
 * per step, as Rust Ockam's {@code examples/rust/get_started}: {@link io.ockamj.examples.HelloWorker}
 * (01), {@link io.ockamj.examples.RoutingOverHops} (02), {@link io.ockamj.examples.RoutingOverTcp}
 * (03), {@link io.ockamj.examples.SecureChannelOverTcp} (04), {@link io.ockamj.examples.SecureChannelThroughRelay}
 * (05), {@link io.ockamj.examples.PortalInCode} (06) and {@link io.ockamj.examples.CredentialsAndPolicies}
 * (07: an authority's credentials and a policy on an outlet, Rust's {@code 06-credentials-exchange-*}
 * and {@code 11-attribute-based-authentication*}; deleting a member at the authority closes its
 * portal connection). Everything runs on 127.0.0.1; {@code ExampleResources} closes what an example
 * opened.
 */
package io.ockamj.examples;
