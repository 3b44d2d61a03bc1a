package io.ockamj.cli;

import io.ockamj.node.NodeException;
import io.ockamj.protocol.errors.OckamException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Exit codes of the command line, so scripts can tell failures apart.
 */
final class ExitCodes {

  /** Success. */
  static final int OK = 0;
  /** A failure not covered below. */
  static final int FAILURE = 1;
  /** Wrong arguments (picocli's own code). */
  static final int USAGE = 2;
  /** The target (node, address, peer) could not be reached or does not exist. */
  static final int UNREACHABLE = 3;
  /** The peer did not answer in time. */
  static final int TIMEOUT = 4;
  /** The request was refused (access denied, verification failed). */
  static final int REFUSED = 5;

  private ExitCodes() {
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static int of(Throwable t) {
    t = unwrap(t);
    if (t instanceof CliException) {
      return ((CliException) t).exitCode;
    }
    if (t instanceof NodeException) {
      switch (((NodeException) t).kind()) {
        case NOT_FOUND:
        case IO:
          return UNREACHABLE;
        case TIMEOUT:
          return TIMEOUT;
        case DENIED:
          return REFUSED;
        case INVALID:
          return USAGE;
        default:
          return FAILURE;
      }
    }
    if (t instanceof IllegalArgumentException || t instanceof OckamException && t.getClass().getSimpleName().contains("Parse")) {
      return USAGE;
    }
    return FAILURE;
  }

  static String describe(Throwable t) {
    t = unwrap(t);
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      m = t.getClass().getSimpleName();
    }
    return m.replace('\n', ' ');
  }

  /** A failure with a chosen exit code and a one-line message. */
  static final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int exitCode;

    CliException(int exitCode, String message) {
      super(message, null, false, false);
      this.exitCode = exitCode;
    }
  }
}
