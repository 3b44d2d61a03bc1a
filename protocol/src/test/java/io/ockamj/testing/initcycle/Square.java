package io.ockamj.testing.initcycle;

/** A fixture for {@code ClassInitCyclesTest}: needs Registry through a static call, which needs nothing back. */
public final class Square {
  static final int SIDES = Registry.sides();
}
