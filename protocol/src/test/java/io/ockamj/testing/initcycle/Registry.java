package io.ockamj.testing.initcycle;

/** A fixture for {@code ClassInitCyclesTest}. */
final class Registry {
  private Registry() {
  }

  static int sides() {
    return 4;
  }
}
