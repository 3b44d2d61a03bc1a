package io.ockamj.store;

/**
 * Small helpers for the store tests; futures are awaited with {@link io.ockamj.testing.Await}.
 */
public final class TestSupport {

  private TestSupport() {
  }

  public static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }
}
