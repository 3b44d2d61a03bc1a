package io.ockamj.store;

/**
 * Small helpers for the store tests; futures are awaited with {@link io.ockamj.testing.Await}.
 */
public final class TestSupport {

  private TestSupport() {
  }

  /**
   * The versions of the SQL migrations the store ships, from its index (so that tests need no
   * update when a migration is added).
   */
  public static java.util.List<Integer> migrationVersions() {
    try (java.io.InputStream in = TestSupport.class.getClassLoader().getResourceAsStream("db/migration/index.txt")) {
      java.util.List<Integer> out = new java.util.ArrayList<>();
      for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        String l = line.trim();
        if (l.startsWith("V")) {
          out.add(Integer.parseInt(l.substring(1, l.indexOf("__"))));
        }
      }
      java.util.Collections.sort(out);
      return out;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }
}
