package io.ockamj.protocol.cbor;

import io.ockamj.protocol.testing.Vectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Minimal-length integer heads at every boundary of RFC 8949 section 3 (additional information
 * 0..23 inline, then 1, 2, 4 and 8 argument bytes), for unsigned and negative integers and for
 * string and container lengths.
 */
class CborWriterTest {

  // expected head: major type, then the argument in the shortest form that holds it
  private static String head(int major, long value) {
    int m = major << 5;
    if (Long.compareUnsigned(value, 24) < 0) {
      return String.format("%02x", m | (int) value);
    }
    if (Long.compareUnsigned(value, 0x100) < 0) {
      return String.format("%02x%02x", m | 24, value);
    }
    if (Long.compareUnsigned(value, 0x10000) < 0) {
      return String.format("%02x%04x", m | 25, value);
    }
    if (Long.compareUnsigned(value, 0x1_0000_0000L) < 0) {
      return String.format("%02x%08x", m | 26, value);
    }
    return String.format("%02x%016x", m | 27, value);
  }

  @ParameterizedTest
  @CsvSource({
    "0, 1", "23, 1", "24, 2", "255, 2", "256, 3", "65535, 3", "65536, 5",
    "4294967295, 5", "4294967296, 9", "9223372036854775807, 9", "18446744073709551615, 9"})
  void unsignedIntegersUseTheShortestForm(String decimal, int size) {
    long v = Long.parseUnsignedLong(decimal);
    byte[] b = new CborWriter().u64(v).toByteArray();
    assertThat(b).hasSize(size);
    assertThat(Vectors.hex(b)).isEqualTo(head(0, v));
    CborReader r = new CborReader(b);
    if (v >= 0) {
      assertThat(r.readU64()).isEqualTo(v);
      r.expectEnd();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "-1, 1", "-24, 1", "-25, 2", "-256, 2", "-257, 3", "-65536, 3", "-65537, 5",
    "-4294967296, 5", "-4294967297, 9", "-9223372036854775808, 9"})
  void negativeIntegersUseTheShortestForm(long v, int size) {
    byte[] b = new CborWriter().i64(v).toByteArray();
    assertThat(b).hasSize(size);
    assertThat(Vectors.hex(b)).isEqualTo(head(1, -1 - v));
    CborReader r = new CborReader(b);
    assertThat(r.readI64()).isEqualTo(v);
    r.expectEnd();
  }

  @ParameterizedTest
  @CsvSource({"0", "23", "24", "255", "256", "65535", "65536"})
  void lengthsUseTheShortestForm(int n) {
    byte[] bytes = new CborWriter().bytes(new byte[n]).toByteArray();
    assertThat(Vectors.hex(bytes)).startsWith(head(2, n));
    assertThat(bytes).hasSize(head(2, n).length() / 2 + n);
    assertThat(new CborReader(bytes).readBytes()).hasSize(n);
    String text = "a".repeat(n);
    byte[] t = new CborWriter().text(text).toByteArray();
    assertThat(Vectors.hex(t)).startsWith(head(3, n));
    assertThat(new CborReader(t).readText()).isEqualTo(text);
    assertThat(Vectors.hex(new CborWriter().array(n).toByteArray())).isEqualTo(head(4, n));
    assertThat(Vectors.hex(new CborWriter().map(n).toByteArray())).isEqualTo(head(5, n));
    assertThat(Vectors.hex(new CborWriter().tag(n).toByteArray())).isEqualTo(head(6, n));
  }
}
