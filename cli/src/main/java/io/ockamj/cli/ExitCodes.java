package io.ockamj.cli;

import io.ockamj.cli.terminal.OutputException;
import io.ockamj.cli.terminal.StdinArgs;
import io.ockamj.node.NodeException;
import io.ockamj.protocol.errors.OckamException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Exit codes of the command line: the BSD sysexits values Rust's {@code ockam} uses
 * ({@code ockam_command/src/util/exitcode.rs}), so scripts written for it tell failures apart the
 * same way. Rust's own mapping: a command-line error is 64, something that was not found or any
 * other failure 70, an unavailable node or service 69, a missing permission 77, bad input data 65,
 * an I/O error 74.
 */
final class ExitCodes {

  /** Success. */
  static final int OK = 0;
  /** Wrong arguments: an unknown option, a bad value, a missing argument (EX_USAGE). */
  static final int USAGE = 64;
  /** Input data that does not parse: hex, JSON, a configuration file (EX_DATAERR). */
  static final int DATAERR = 65;
  /** An input that is missing: a file, standard input for {@code -} (EX_NOINPUT). */
  static final int NOINPUT = 66;
  /** A node, peer or service that does not answer or is not running; a timeout (EX_UNAVAILABLE). */
  static final int UNAVAILABLE = 69;
  /** A failure not covered by another code, and (as in Rust) a resource that does not exist (EX_SOFTWARE). */
  static final int SOFTWARE = 70;
  /** An I/O error (EX_IOERR). */
  static final int IOERR = 74;
  /** Refused: access denied, an identity or credential that does not verify (EX_NOPERM). */
  static final int NOPERM = 77;

  /** A failure not covered below (Rust's default). */
  static final int FAILURE = SOFTWARE;
  /** A node, identity, channel or other resource that does not exist: Rust's NotFound, which exits with 70. */
  static final int NOT_FOUND = SOFTWARE;
  /** The target (node, address, peer, service) could not be reached. */
  static final int UNREACHABLE = UNAVAILABLE;
  /** The peer did not answer in time. */
  static final int TIMEOUT = UNAVAILABLE;
  /** The request was refused (access denied, verification failed). */
  static final int REFUSED = NOPERM;

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
    if (t instanceof StdinArgs.NoInputException) {
      return NOINPUT;
    }
    if (t instanceof OutputException) {
      return SOFTWARE;
    }
    if (t instanceof NodeException) {
      switch (((NodeException) t).kind()) {
        case NOT_FOUND:
          return NOT_FOUND;
        case IO:
        case TIMEOUT:
          return UNAVAILABLE;
        case DENIED:
          return NOPERM;
        case INVALID:
          return USAGE;
        default:
          return SOFTWARE;
      }
    }
    if (t instanceof IllegalArgumentException || t instanceof OckamException && t.getClass().getSimpleName().contains("Parse")) {
      return USAGE;
    }
    if (t instanceof java.io.IOException || t instanceof java.io.UncheckedIOException) {
      return IOERR;
    }
    return SOFTWARE;
  }

  static String describe(Throwable t) {
    t = unwrap(t);
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      m = t.getClass().getSimpleName();
    }
    return userFacing(m.replace('\n', ' '));
  }

  /**
   * A message from the node runtime with its internal address syntax ({@code 0#echo},
   * {@code 1#127.0.0.1:4000}) in the route syntax users write ({@code /service/echo},
   * {@code /ip4/127.0.0.1/tcp/4000}).
   */
  static String userFacing(String m) {
    return m.replaceAll("\\b1#(\\d{1,3}(?:\\.\\d{1,3}){3}):(\\d+)", "/ip4/$1/tcp/$2")
      .replaceAll("\\b0#([A-Za-z0-9_.-]+)", "/service/$1");
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
