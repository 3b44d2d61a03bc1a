package io.ockamj.cli;

import io.ockamj.cli.terminal.Terminal;

/**
 * A progress spinner on stderr while something long runs (stdout is for the result, as in Rust); silent
 * when stderr is not a terminal or with {@code --quiet}.
 */
final class Spinner implements AutoCloseable {

  private static final String FRAMES = "|/-\\";

  private final Thread thread;
  private volatile boolean done;
  private final String text;

  private Spinner(String text, boolean active) {
    this.text = text;
    if (!active) {
      thread = null;
      return;
    }
    thread = new Thread(() -> {
      int i = 0;
      while (!done) {
        System.err.print("\r" + FRAMES.charAt(i++ % FRAMES.length()) + " " + text + "...");
        System.err.flush();
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "ockam-spinner");
    thread.setDaemon(true);
    thread.start();
  }

  static Spinner start(String text) {
    return new Spinner(text, Terminal.stderrIsTty() && !Terminal.quiet());
  }

  /** Runs {@code work} with a spinner showing {@code text}. */
  @SuppressWarnings("try")
  static <T> T during(String text, java.util.concurrent.Callable<T> work) throws Exception {
    try (Spinner s = start(text)) {
      return work.call();
    }
  }

  @Override
  public void close() {
    if (thread == null) {
      return;
    }
    done = true;
    thread.interrupt();
    try {
      thread.join(500);
    } catch (InterruptedException ignored) {
      Thread.currentThread().interrupt();
    }
    System.err.print("\r" + " ".repeat(text.length() + 6) + "\r");
    System.err.flush();
  }
}
