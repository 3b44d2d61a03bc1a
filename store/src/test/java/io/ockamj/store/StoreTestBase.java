package io.ockamj.store;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * Opens a fresh, migrated store in a temporary directory for each test.
 */
@ExtendWith(VertxExtension.class)
public abstract class StoreTestBase {

  @TempDir
  protected Path dir;

  protected Vertx vertx;
  protected Store store;

  protected Path file() {
    return dir.resolve("home/database.sqlite3");
  }

  @BeforeEach
  protected void openStore(Vertx vertx, VertxTestContext ctx) {
    this.vertx = vertx;
    Store.open(vertx, file()).onComplete(ctx.succeeding(s -> {
      store = s;
      ctx.completeNow();
    }));
  }

  @AfterEach
  protected void closeStore(VertxTestContext ctx) {
    store.close().onComplete(ctx.succeedingThenComplete());
  }
}
