package io.ockamj.protocol.bare;

import io.ockamj.protocol.errors.DecodeException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Negative cases of the BARE reader: truncation, limits, invalid UTF-8.
 */
class BareReaderTest {

  @Test
  void truncatedVarintFails() {
    assertThatThrownBy(() -> new BareReader(new byte[] {(byte) 0x80}).varint()).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> new BareReader(new byte[0]).varint()).isInstanceOf(DecodeException.class);
  }

  @Test
  void nonMinimalVarintIsAccepted() {
    assertThat(new BareReader(new byte[] {(byte) 0x81, 0x00}).varint()).isEqualTo(1);
  }

  @Test
  void lengthOverLimitFailsBeforeAllocating() {
    // announces 2^31 bytes
    byte[] b = new BareWriter().varint(1L << 31).toByteArray();
    assertThatThrownBy(() -> new BareReader(b).data(Integer.MAX_VALUE)).isInstanceOf(DecodeException.class);
    byte[] c = new BareWriter().varint(100).toByteArray();
    assertThatThrownBy(() -> new BareReader(c).data(10)).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> new BareReader(c).data(1000)).isInstanceOf(DecodeException.class);
    byte[] huge = new BareWriter().varint(-1L).toByteArray();
    assertThatThrownBy(() -> new BareReader(huge).length(Integer.MAX_VALUE)).isInstanceOf(DecodeException.class);
  }

  @Test
  void invalidUtf8Fails() {
    byte[] b = {2, (byte) 0xC3, 0x28};
    assertThatThrownBy(() -> BareReader.decodeString(b, 10)).isInstanceOf(DecodeException.class);
  }

  @Test
  void trailingBytesFailWhereTheWholeInputIsExpected() {
    byte[] b = {1, 'a', 'b'};
    assertThatThrownBy(() -> BareReader.decodeBytes(b, 10)).isInstanceOf(DecodeException.class);
  }

  @Test
  void u16IsLittleEndian() {
    byte[] b = new BareWriter().u16le(0x1234).toByteArray();
    assertThat(b).containsExactly(0x34, 0x12);
    assertThat(new BareReader(b).u16le()).isEqualTo(0x1234);
  }

  @Test
  void sliceBoundsAreChecked() {
    assertThatThrownBy(() -> new BareReader(new byte[4], 2, Integer.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
    BareReader r = new BareReader(new byte[] {9, 3, 'a', 'b', 'c', 9}, 1, 4);
    assertThat(r.data(3)).containsExactly('a', 'b', 'c');
    r.expectEnd();
  }
}
