package io.ockamj.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The check finds the cycle that hung (Expr and Apply), and only it. */
class ClassInitCyclesTest {

  @Test
  void findsAnInterfaceWhoseInitializerMakesAnImplementation(@TempDir Path dir) throws IOException {
    Path pkg = Path.of("target/test-classes/io/ockamj/testing/initcycle");
    Path to = Files.createDirectories(dir.resolve("io/ockamj/testing/initcycle"));
    try (var files = Files.list(pkg)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    assertThat(ClassInitCycles.find(dir))
      .containsExactly(List.of("io.ockamj.testing.initcycle.Circle", "io.ockamj.testing.initcycle.Shape"));
    assertThatThrownBy(() -> ClassInitCycles.assertNone(dir))
      .hasMessageContaining("io.ockamj.testing.initcycle.Circle -> io.ockamj.testing.initcycle.Shape");
  }

  @Test
  void thisModuleHasNone() {
    ClassInitCycles.assertNone(Path.of("target/classes"));
  }
}
