package io.ockamj.protocol.cbor;

import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.protocol.testing.Vectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bounded CBOR reader: raw items, indefinite lengths, limits and malformed input.
 */
class CborReaderTest {

  @Test
  void rawItemKeepsTheExactBytes() {
    byte[] item = new CborWriter().array(3).u64(1).map(1).text("k").bytes(new byte[] {1, 2}).tag(24).i64(-5).toByteArray();
    byte[] twoItems = Arrays.copyOf(item, item.length + 1);
    twoItems[item.length] = (byte) 0xf6;
    CborReader r = new CborReader(twoItems);
    assertThat(r.readRawItem()).isEqualTo(item);
    assertThat(r.peekNull()).isTrue();
    r.readNull();
    r.expectEnd();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "5f42010243030405ff",           // indefinite byte string of two chunks
    "7f61616162ff",                 // indefinite text string
    "9f0102ff",                     // indefinite array
    "bf6161f5ff",                   // indefinite map
    "f93c00", "fa47c35000", "fb3ff199999999999a", "f4", "f5", "f6", "f7", "f820",
    "c11a514b67b0"})                 // tagged epoch time
  void skipsEveryWellFormedItem(String hex) {
    CborReader r = new CborReader(Vectors.hex(hex));
    assertThat(Vectors.hex(r.readRawItem())).isEqualTo(hex);
    r.expectEnd();
  }

  @Test
  void readsIndefiniteStrings() {
    assertThat(new CborReader(Vectors.hex("5f42010243030405ff")).readBytes()).containsExactly(1, 2, 3, 4, 5);
    assertThat(new CborReader(Vectors.hex("7f61616162ff")).readText()).isEqualTo("ab");
    assertThatThrownBy(() -> new CborReader(Vectors.hex("5f42010243030405ff")).readBytes(4)).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> new CborReader(Vectors.hex("5f6161ff")).readBytes()).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> new CborReader(Vectors.hex("5f5f4101ffff")).readBytes()).isInstanceOf(DecodeException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "", "1c", "1d", "1e", "3f", "df", "ff", "fc", "18", "19ff", "1aff", "1bffffffff",
    "5a80000000", "5b7fffffffffffffff", "5bffffffffffffffff", "7a80000000", "9a80000000", "9bffffffffffffffff",
    "ba00000001", "5f01ff", "9f01", "bf01", "f8", "fa0000", "c1", "82", "a101"})
  void rejectsMalformedItems(String hex) {
    byte[] b = Vectors.hex(hex);
    assertThatThrownBy(() -> {
      CborReader r = new CborReader(b);
      r.skip();
      r.expectEnd();
    }).isInstanceOf(DecodeException.class);
  }

  @Test
  void nestingIsLimited() {
    byte[] deep = new byte[CborReader.MAX_DEPTH + 2];
    Arrays.fill(deep, (byte) 0x81);
    deep[deep.length - 1] = 0;
    assertThatThrownBy(() -> new CborReader(deep).skip()).isInstanceOf(DecodeException.class);
    byte[] ok = Arrays.copyOfRange(deep, 2, deep.length);
    CborReader r = new CborReader(ok);
    r.skip();
    r.expectEnd();
    byte[] tags = new byte[CborReader.MAX_DEPTH + 2];
    Arrays.fill(tags, (byte) 0xc1);
    tags[tags.length - 1] = 0;
    assertThatThrownBy(() -> new CborReader(tags).skip()).isInstanceOf(DecodeException.class);
  }

  @Test
  void integerRangesAreChecked() {
    assertThatThrownBy(() -> new CborReader(Vectors.hex("1b8000000000000000")).readU64()).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> new CborReader(Vectors.hex("3b8000000000000000")).readI64()).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> new CborReader(Vectors.hex("1864")).readU64(99)).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> new CborReader(Vectors.hex("1a80000000")).readU32AsInt()).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> new CborReader(Vectors.hex("20")).readU64()).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> new CborReader(Vectors.hex("f6")).readBool()).isInstanceOf(DecodeException.class);
  }

  @Test
  void containerCountsAreLimited() {
    byte[] b = new CborWriter().array(3).u64(1).u64(2).u64(3).toByteArray();
    assertThatThrownBy(() -> new CborReader(b, 0, b.length, 2).readArrayHeader()).isInstanceOf(DecodeException.class);
    assertThat(new CborReader(b, 0, b.length, 3).readArrayHeader()).isEqualTo(3);
    // a map of n entries needs at least 2n bytes
    assertThatThrownBy(() -> new CborReader(Vectors.hex("a20102")).readMapHeader()).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> new CborReader(new byte[4], 2, Integer.MAX_VALUE, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
