package io.ockamj.junit5;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test that gets a started {@link io.ockamj.node.Node} (and its {@link io.vertx.core.Vertx}) as
 * parameters, fails when it runs longer than {@link #timeoutSeconds()}, and at the end closes the
 * node and Vert.x and fails when something was left behind (see {@link OckamExtension}).
 * <pre>{@code
 * @OckamTest(tcpListener = "127.0.0.1:0")
 * void echoes(Node node) {
 *   Routed reply = node.context().sendAndReceive(Route.of("echo"), "hi".getBytes()).await();
 *   assertEquals("hi", new String(reply.payload()));
 * }
 * }</pre>
 * A class annotated {@code @ExtendWith(OckamExtension.class)} gets the same for its plain
 * {@code @Test} methods, with the defaults below.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Test
@ExtendWith(OckamExtension.class)
public @interface OckamTest {

  /**
   * @return the node name
   */
  String name() default "test";

  /**
   * @return the {@code host:port} of the node's TCP listener ({@code 127.0.0.1:0} picks a free
   *   port), or empty for none
   */
  String tcpListener() default "";

  /**
   * @return whether the node starts {@code echo}, {@code uppercase}, {@code hop} and the relay service
   */
  boolean builtinServices() default true;

  /**
   * @return how long the test method may run, and separately how long closing may take, in seconds
   *   (as {@code #[ockam::test(timeout = ...)]}, default 30 s)
   */
  long timeoutSeconds() default 30;

  /**
   * @return {@code true} to also fail when the test leaves workers or TCP connections it created
   *   running (before the extension closes the node); by default only what closing leaves behind fails
   */
  boolean requireStopped() default false;
}
