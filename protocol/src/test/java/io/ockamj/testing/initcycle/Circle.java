package io.ockamj.testing.initcycle;

/** A fixture for {@code ClassInitCyclesTest}. */
public final class Circle implements Shape {
}
