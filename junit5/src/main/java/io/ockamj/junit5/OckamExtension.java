package io.ockamj.junit5;

import io.ockamj.node.Node;
import io.ockamj.node.NodeContext;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;

/**
 * Runs {@link OckamTest} methods (or the {@code @Test} methods of a class annotated
 * {@code @ExtendWith(OckamExtension.class)}), as Rust Ockam's {@code #[ockam::test]}:
 * <ul>
 *   <li>injects a {@link Node} started in a fresh {@link Vertx} (parameters of type {@code Node},
 *       {@code Vertx} or {@link NodeContext}, the node's own context); one node per test, created on
 *       the first parameter that asks for it, {@code @BeforeEach} methods included;</li>
 *   <li>fails the test when its method runs longer than {@link OckamTest#timeoutSeconds()} (the
 *       method runs on a thread of its own, so blocking on {@code Future.await()} is fine);</li>
 *   <li>afterwards closes the node, then Vert.x, each within the same timeout, and fails the test
 *       when something was left behind: workers still registered, TCP connections still open,
 *       verticles still deployed (other than the {@code ockam-crypto} pool), or the node's TCP
 *       listener still accepting connections once the node is closed; with {@link OckamTest#requireStopped()}, also workers and
 *       connections the test itself left running.</li>
 * </ul>
 */
public final class OckamExtension implements ParameterResolver, InvocationInterceptor, AfterEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(OckamExtension.class);

  /** Creates the extension (JUnit does, through {@code @ExtendWith}). */
  public OckamExtension() {
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Node.class || type == Vertx.class || type == NodeContext.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    TestNode running = context.getStore(NAMESPACE).getOrComputeIfAbsent(TestNode.class,
      k -> TestNode.start(settings(context)), TestNode.class);
    Class<?> type = parameter.getParameter().getType();
    if (type == Vertx.class) {
      return running.vertx();
    }
    return type == Node.class ? running.node() : running.node().context();
  }

  @Override
  public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                  ExtensionContext context) throws Throwable {
    long seconds = settings(context).timeoutSeconds();
    if (seconds <= 0) {
      invocation.proceed();
      return;
    }
    Assertions.assertTimeoutPreemptively(Duration.ofSeconds(seconds), () -> {
      invocation.proceed();
      return null;
    }, () -> "the test did not finish within " + seconds + " s (@OckamTest(timeoutSeconds = ...))");
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestNode running = context.getStore(NAMESPACE).remove(TestNode.class, TestNode.class);
    if (running == null) {
      return;
    }
    List<String> problems = running.closeAndCheck();
    if (!problems.isEmpty()) {
      throw new AssertionError("the node did not end clean:\n  " + String.join("\n  ", problems));
    }
  }

  static Settings settings(ExtensionContext context) {
    return context.getTestMethod()
      .flatMap(m -> AnnotationSupport.findAnnotation(m, OckamTest.class))
      .map(a -> new Settings(a.name(), a.tcpListener().isEmpty() ? null : a.tcpListener(), a.builtinServices(),
        a.timeoutSeconds(), a.requireStopped()))
      .orElse(Settings.DEFAULT);
  }

  /**
   * What a test's node is made with.
   *
   * @param name the node name
   * @param tcpListener the TCP listener's {@code host:port}, or {@code null}
   * @param builtinServices whether the built-in services run
   * @param timeoutSeconds the timeout of the test method and of closing
   * @param requireStopped whether the test must stop what it started
   */
  record Settings(String name, String tcpListener, boolean builtinServices, long timeoutSeconds, boolean requireStopped) {
    static final Settings DEFAULT = new Settings("test", null, true, 30, false);
  }
}
