/**
 * JUnit 5 support for code that embeds an Ockam node: {@link io.ockamj.junit5.OckamTest} (a test
 * method) and {@link io.ockamj.junit5.OckamExtension} (what runs it), as Rust Ockam's
 * {@code #[ockam::test]} and vertx-junit5's {@code VertxExtension}.
 */
package io.ockamj.junit5;
