package io.ockamj.console;

import io.ockamj.testing.PackageCycles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/** The packages of this module depend on each other in one direction only (jdeps). */
class PackageCyclesTest {

  @Test
  void noPackageCycle() {
    PackageCycles.assertNone(Path.of("target/classes"));
  }
}
