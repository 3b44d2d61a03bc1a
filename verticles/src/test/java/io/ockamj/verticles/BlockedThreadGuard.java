package io.ockamj.verticles;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Fails a test when Vert.x's blocked-thread checker warned while it ran: an event loop held a task
 * longer than the threshold of {@code src/test/resources/vertx-options.json} (the Vert.x instances
 * vertx-junit5 injects are made with those options; the build points {@code vertx.parameter.filename}
 * at the file). Private-key cryptography (handshakes, signatures) runs on crypto worker verticles;
 * on an event loop it would show here.
 */
public final class BlockedThreadGuard implements BeforeEachCallback, AfterEachCallback {

  private static final String LOGGER = "io.vertx.core.impl.BlockedThreadChecker";
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(BlockedThreadGuard.class);

  private static final class Capture extends Handler {
    final List<String> warnings = new CopyOnWriteArrayList<>();

    @Override
    public void publish(LogRecord r) {
      Throwable t = r.getThrown();
      StringBuilder where = new StringBuilder();
      if (t != null) {
        for (StackTraceElement e : t.getStackTrace()) {
          if (where.length() > 1500) {
            break;
          }
          where.append("\n      at ").append(e);
        }
      }
      warnings.add(r.getMessage() + where);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Capture c = new Capture();
    Logger.getLogger(LOGGER).addHandler(c);
    context.getStore(NS).put(Capture.class, c);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Capture c = context.getStore(NS).remove(Capture.class, Capture.class);
    Logger.getLogger(LOGGER).removeHandler(c);
    if (c != null && !c.warnings.isEmpty()) {
      throw new AssertionError("an event loop was blocked " + c.warnings.size() + " time(s) during the test:\n  "
        + String.join("\n  ", c.warnings));
    }
  }
}
