package io.ockamj.junit5;

import io.ockamj.node.Node;
import io.ockamj.node.NodeContext;
import io.ockamj.node.Routed;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/** The extension injects a started node, and fails tests that hang or leave things behind. */
class OckamExtensionTest {

  @OckamTest
  void injectsAStartedNodeItsVertxAndItsContext(Node node, Vertx vertx, NodeContext context) {
    assertThat(node.vertx()).isSameAs(vertx);
    assertThat(context).isSameAs(node.context());
    Routed reply = context.sendAndReceive(Route.of("echo"), "hi".getBytes(StandardCharsets.UTF_8)).await();
    assertThat(new String(reply.payload(), StandardCharsets.UTF_8)).isEqualTo("hi");
  }

  @OckamTest(name = "listening", tcpListener = "127.0.0.1:0", builtinServices = false)
  void appliesTheAnnotationsSettings(Node node) {
    assertThat(node.name()).isEqualTo("listening");
    assertThat(node.tcpListenerAddress()).matches("127\\.0\\.0\\.1:\\d+");
    assertThat(node.isRegistered(Address.local("echo"))).isFalse();
  }

  @Test
  void failsATestThatRunsPastItsTimeout() {
    assertThat(failures(Hangs.class)).singleElement().asString().contains("did not finish within 1 s");
  }

  @Test
  void failsATestThatLeavesAWorkerWhenItMustStopWhatItStarted() {
    assertThat(failures(LeavesAWorker.class)).singleElement().asString()
      .contains("the test left workers running: [0#left (");
  }

  @Test
  void failsATestThatLeavesATcpConnectionWhenItMustStopWhatItStarted() {
    assertThat(failures(LeavesAConnection.class)).singleElement().asString()
      .contains("the test left TCP connections open: [127.0.0.1:");
  }

  @Test
  void failsATestThatLeavesAVerticleBehindTheNode() {
    assertThat(failures(LeavesAVerticle.class)).singleElement().asString()
      .contains("verticles still deployed after the node closed: [java:" + LeavesAVerticle.class.getName());
  }

  @Test
  void extendWithGivesPlainTestsAndBeforeEachTheSameNode() {
    assertThat(failures(ExtendedClass.class)).isEmpty();
  }

  private static List<String> failures(Class<?> testClass) {
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launcher.execute(request().selectors(selectClass(testClass)).build(), listener);
    TestExecutionSummary summary = listener.getSummary();
    assertThat(summary.getTestsFoundCount()).isPositive();
    return summary.getFailures().stream().map(f -> String.valueOf(f.getException().getMessage())).toList();
  }

  static class Hangs {
    @OckamTest(timeoutSeconds = 1)
    void hangs(Node node) {
      Promise.<Void>promise().future().await();
    }
  }

  static class LeavesAWorker {
    @OckamTest(requireStopped = true)
    void leaves(Node node) {
      node.startWorker(WorkerOptions.of("left"), (ctx, msg) -> Future.succeededFuture()).await();
    }
  }

  static class LeavesAConnection {
    @OckamTest(requireStopped = true, tcpListener = "127.0.0.1:0")
    void leaves(Node node) {
      node.context().sendAndReceive(Route.of(Address.tcp(node.tcpListenerAddress()), Address.local("echo")),
        "hi".getBytes(StandardCharsets.UTF_8)).await();
    }
  }

  static class LeavesAVerticle {
    @OckamTest
    void leaves(Vertx vertx) {
      vertx.deployVerticle(new VerticleBase() { }).await();
    }
  }

  @ExtendWith(OckamExtension.class)
  static class ExtendedClass {
    private Node node;

    @BeforeEach
    void setUp(Node node) {
      this.node = node;
    }

    @Test
    void sameNode(Node node) {
      assertThat(node).isSameAs(this.node);
    }
  }
}
