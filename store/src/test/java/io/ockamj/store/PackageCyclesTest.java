package io.ockamj.store;

import io.ockamj.testing.ClassInitCycles;
import io.ockamj.testing.PackageCycles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/** The store's API does not depend on its SQLite implementation (jdeps). */
class PackageCyclesTest {

  @Test
  void noPackageCycle() {
    PackageCycles.assertNone(Path.of("target/classes"));
  }

  @Test
  void noClassInitializationCycle() {
    ClassInitCycles.assertNone(Path.of("target/classes"));
  }
}
