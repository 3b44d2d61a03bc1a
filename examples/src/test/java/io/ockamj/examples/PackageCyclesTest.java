package io.ockamj.examples;

import io.ockamj.testing.ClassInitCycles;
import io.ockamj.testing.PackageCycles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/**
 * The packages of this module depend on each other in one direction only (jdeps), and no two of
 * its classes need each other initialized (a rare hang on a cold JVM).
 */
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
