package io.ockamj.cli;

/**
 * A progress spinner on stdout while something long runs; silent when stdout is not a terminal.
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
        System.out.print("\r" + FRAMES.charAt(i++ % FRAMES.length()) + " " + text + "...");
        System.out.flush();
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
    return new Spinner(text, System.console() != null);
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
    System.out.print("\r" + " ".repeat(text.length() + 6) + "\r");
    System.out.flush();
  }
}
