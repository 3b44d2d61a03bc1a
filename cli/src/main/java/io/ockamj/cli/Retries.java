package io.ockamj.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Rust Ockam's retry of a command ({@code --retry-count}, {@code --retry-delay}, {@code --no-retry},
 * {@code OCKAM_COMMAND_RETRY_COUNT}, {@code OCKAM_COMMAND_RETRY_DELAY}): with neither a count nor a delay
 * the command runs once; with a count only the delay is 5 s, with a delay only the count is 3. A try that
 * fails for a usage error is not repeated; other failures are, after the delay plus a jitter of up to half
 * of it (at most 5 s), with the error and the wait on stderr.
 *
 * @param count how many tries in all
 * @param delay the wait between tries
 */
record Retries(int count, Duration delay) {

  /** Runs once. */
  static final Retries NONE = new Retries(1, Duration.ZERO);

  static Retries of(boolean noRetry, Integer count, Duration delay) {
    if (noRetry) {
      return NONE;
    }
    Integer c = count != null ? count : envInt("OCKAM_COMMAND_RETRY_COUNT");
    Duration d = delay != null ? delay : envDuration("OCKAM_COMMAND_RETRY_DELAY");
    if (c == null && d == null) {
      return NONE;
    }
    return new Retries(Math.max(1, c == null ? 3 : c), d == null ? Duration.ofSeconds(5) : d);
  }

  private static Integer envInt(String name) {
    String v = System.getenv(name);
    try {
      return v == null ? null : Integer.valueOf(v.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Duration envDuration(String name) {
    String v = System.getenv(name);
    try {
      return v == null ? null : new Durations().convert(v.trim());
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * Runs the command, trying again as configured.
   *
   * @param command one try
   * @return its exit code
   */
  int run(Callable<Integer> command) throws Exception {
    for (int left = count; ; left--) {
      try {
        return command.call();
      } catch (Exception e) {
        if (left <= 1 || ExitCodes.of(e) == ExitCodes.USAGE) {
          throw e;
        }
        long jitterMax = Math.min(delay.toMillis() / 2, 5000);
        long wait = delay.toMillis() + (jitterMax > 0 ? ThreadLocalRandom.current().nextLong(jitterMax) : 0);
        System.err.println("Command failed with error:");
        System.err.println(ExitCodes.describe(e));
        System.err.println();
        System.err.println("Will retry in " + wait / 1000 + " seconds");
        Thread.sleep(wait);
        System.err.println("Retrying...");
        System.err.println();
      }
    }
  }
}
