package io.ockamj.testing;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PackageCyclesTest {

  @Test
  void findsACycleAndOnlyCycles() {
    Map<String, Set<String>> deps = Map.of(
      "a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d"), "d", Set.of("e"), "e", Set.of());
    assertThat(PackageCycles.cycles(deps)).containsExactly(Set.of("a", "b", "c"));
    assertThat(PackageCycles.cycles(Map.of("a", Set.of("b"), "b", Set.of()))).isEmpty();
  }

  @Test
  void protocolHasNoPackageCycle() {
    PackageCycles.assertNone(Path.of("target/classes"));
  }
}
