package io.ockamj.cli;

import io.ockamj.crypto.identity.IdentityException;
import io.ockamj.store.OckamHome;
import io.ockamj.store.Store;
import io.ockamj.store.StoreException;
import io.ockamj.verticles.identity.IdentityManager;
import io.ockamj.verticles.identity.IdentityManagerException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Runs one command against the local state: the database under {@link OckamHome} (system property
 * {@code ockam.home}, then {@code $OCKAM_HOME}, then {@code ~/.ockam-jvm}), and translates failures
 * into one-line messages with the right exit code.
 */
final class LocalState {

  private static final long TIMEOUT_SECONDS = 60;

  private LocalState() {
  }

  /**
   * Vert.x for a short-lived command: a small pool, and no blocked-thread warnings on stderr for
   * the first seconds, when a loaded machine can take that long to load and warm the classes the
   * event loop runs (the warnings would break the one-line error promise). Long-running nodes keep
   * the standard 2 s check.
   */
  static Vertx clientVertx() {
    // no file cache directory to create (and delete at exit) and no class-path resolution: a
    // command reads no files through Vert.x, and both cost start-up time
    return Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(4)
      .setMaxEventLoopExecuteTime(30).setMaxEventLoopExecuteTimeUnit(TimeUnit.SECONDS)
      .setFileSystemOptions(new io.vertx.core.file.FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
  }

  /**
   * Opens Vert.x, the store and an identity manager, runs {@code work}, waits for it and closes
   * everything again.
   */
  static <T> T withIdentities(Function<IdentityManager, Future<T>> work) throws Exception {
    Vertx vertx = clientVertx();
    try {
      Store store = await(Store.open(vertx, OckamHome.resolve().database()));
      try {
        IdentityManager manager = await(IdentityManager.open(vertx, store));
        try {
          return await(work.apply(manager));
        } finally {
          manager.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
      } finally {
        store.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw translate(ExitCodes.unwrap(e));
    } catch (TimeoutException e) {
      throw new ExitCodes.CliException(ExitCodes.TIMEOUT, "the local state did not answer within " + TIMEOUT_SECONDS + " s");
    }
  }

  /** Maps a failure to a one-line {@link ExitCodes.CliException} where its kind is known. */
  static Exception translate(Throwable t) {
    if (t instanceof IdentityManagerException) {
      IdentityManagerException e = (IdentityManagerException) t;
      int code = e.reason() == IdentityManagerException.Reason.INVALID_NAME ? ExitCodes.USAGE : ExitCodes.FAILURE;
      return new ExitCodes.CliException(code, e.getMessage());
    }
    if (t instanceof IdentityException) {
      return new ExitCodes.CliException(ExitCodes.REFUSED, t.getMessage());
    }
    if (t instanceof StoreException) {
      return new ExitCodes.CliException(ExitCodes.FAILURE, "local state in " + OckamHome.resolve().directory() + ": "
        + t.getMessage());
    }
    if (t instanceof IllegalArgumentException) {
      return new ExitCodes.CliException(ExitCodes.USAGE, t.getMessage());
    }
    return t instanceof Exception ? (Exception) t : new RuntimeException(t);
  }

  /**
   * Parses hex given on the command line (either case, surrounding whitespace ignored).
   *
   * @throws ExitCodes.CliException with {@link ExitCodes#USAGE} if the text is not hex
   */
  static byte[] hexArgument(String option, String value) {
    String v = value.strip();
    try {
      if (v.isEmpty()) {
        throw new IllegalArgumentException("empty");
      }
      return HexFormat.of().parseHex(v);
    } catch (IllegalArgumentException e) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, option + " must be hex"
        + (v.length() % 2 != 0 ? " (odd number of digits)" : ""));
    }
  }
}
