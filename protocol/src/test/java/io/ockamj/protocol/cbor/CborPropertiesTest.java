package io.ockamj.protocol.cbor;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CborWriter → CborReader round trips over integers, byte and text strings and nested arrays.
 */
class CborPropertiesTest {

  @Provide
  Arbitrary<Object> items() {
    return item(3);
  }

  // a tree of Long, byte[], String and List<Object>
  private static Arbitrary<Object> item(int depth) {
    Arbitrary<Object> leaf = Arbitraries.oneOf(
      Arbitraries.longs().map(v -> (Object) v),
      Arbitraries.longs().between(-30, 70_000).map(v -> (Object) v),
      Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(v -> (Object) v),
      Arbitraries.strings().ofMaxLength(40)
        .filter(s -> new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(s))
        .map(v -> (Object) v));
    if (depth == 0) {
      return leaf;
    }
    return Arbitraries.frequencyOf(
      net.jqwik.api.Tuple.of(3, leaf),
      net.jqwik.api.Tuple.of(1, item(depth - 1).list().ofMaxSize(8).map(l -> (Object) l)));
  }

  private static void write(CborWriter w, Object o) {
    if (o instanceof Long) {
      w.i64((Long) o);
    } else if (o instanceof byte[]) {
      w.bytes((byte[]) o);
    } else if (o instanceof String) {
      w.text((String) o);
    } else {
      List<?> l = (List<?>) o;
      w.array(l.size());
      for (Object e : l) {
        write(w, e);
      }
    }
  }

  private static Object read(CborReader r) {
    switch (r.peekMajor()) {
      case CborReader.UNSIGNED:
      case CborReader.NEGATIVE:
        return r.readI64();
      case CborReader.BYTES:
        return r.readBytes();
      case CborReader.TEXT:
        return r.readText();
      case CborReader.ARRAY: {
        int n = r.readArrayHeader();
        List<Object> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          l.add(read(r));
        }
        return l;
      }
      default:
        throw new AssertionError("unexpected major type");
    }
  }

  // byte[] has identity equality; compare structurally
  private static boolean same(Object a, Object b) {
    if (a instanceof byte[] && b instanceof byte[]) {
      return Arrays.equals((byte[]) a, (byte[]) b);
    }
    if (a instanceof List && b instanceof List) {
      List<?> x = (List<?>) a;
      List<?> y = (List<?>) b;
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!same(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  @Property
  void itemsRoundTrip(@ForAll("items") Object item) {
    CborWriter w = new CborWriter(1);
    write(w, item);
    byte[] b = w.toByteArray();
    assertThat(w.size()).isEqualTo(b.length);
    CborReader r = new CborReader(b);
    assertThat(same(read(r), item)).isTrue();
    r.expectEnd();
    // skip and readRawItem consume exactly the item
    CborReader s = new CborReader(b);
    s.skip();
    s.expectEnd();
    assertThat(new CborReader(b).readRawItem()).isEqualTo(b);
  }

  @Property
  void unsignedIntegersRoundTrip(@ForAll long v) {
    byte[] b = new CborWriter().u64(v).toByteArray();
    int expectedSize = Long.compareUnsigned(v, 24) < 0 ? 1
      : Long.compareUnsigned(v, 0x100) < 0 ? 2
      : Long.compareUnsigned(v, 0x10000) < 0 ? 3
      : Long.compareUnsigned(v, 0x1_0000_0000L) < 0 ? 5 : 9;
    assertThat(b).hasSize(expectedSize);
    if (v >= 0) {
      assertThat(new CborReader(b).readU64()).isEqualTo(v);
    }
  }
}
