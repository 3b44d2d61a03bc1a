package io.ockamj.protocol.bare;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ockamj.protocol.errors.DecodeException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer fuzz test of the BARE reader: the input is both the program (which read to do next) and the
 * data; only {@link DecodeException} may escape.
 */
class BareReaderFuzzTest {

  @FuzzTest
  void readerOperations(byte[] data) {
    BareReader r = new BareReader(data);
    try {
      while (r.remaining() > 0) {
        int before = r.remaining();
        switch (r.u8() % 8) {
          case 0: {
            long v = r.varint();
            assertThat(new BareWriter().varint(v).size()).isEqualTo(BareWriter.varintSize(v));
            break;
          }
          case 1:
            r.length(1 << 16);
            break;
          case 2:
            r.u16le();
            break;
          case 3: {
            byte[] b = r.data(1 << 16);
            assertThat(BareReader.decodeBytes(BareWriter.encodeBytes(b), b.length)).isEqualTo(b);
            break;
          }
          case 4: {
            String s = r.string(1 << 16);
            assertThat(BareReader.decodeString(BareWriter.encodeString(s), 1 << 18)).isEqualTo(s);
            break;
          }
          case 5:
            r.fixed(Math.min(r.remaining(), r.u8()));
            break;
          case 6:
            r.fixed(r.u8());
            break;
          default:
            BareReader.decodeString(r.rest(), 1 << 16);
        }
        assertThat(r.remaining()).isLessThan(before);
      }
    } catch (DecodeException expected) {
      // bad input
    }
  }
}
