package io.ockamj.testing.initcycle;

/** A fixture for {@code ClassInitCyclesTest}: the pattern that hung, an interface with a default method whose initializer makes one of its implementations. */
public interface Shape {

  /** Made while Shape initializes, and Circle's initialization needs Shape's (the default method). */
  Circle UNIT = new Circle();

  /** @return a name */
  default String name() {
    return getClass().getSimpleName();
  }
}
