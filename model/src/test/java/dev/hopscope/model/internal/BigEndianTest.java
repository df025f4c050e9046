package dev.hopscope.model.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BigEndianTest {

  /** The decoders read ids at any offset of a request body: every offset, as ByteBuffer reads. */
  @Test
  void readsAndWritesAtEveryOffsetAsByteBufferDoes() {
    SplittableRandom random = new SplittableRandom(23);
    byte[] body = new byte[40];
    random.nextBytes(body);
    for (int offset = 0; offset + Long.BYTES <= body.length; offset++) {
      long expected = ByteBuffer.wrap(body).getLong(offset);
      assertThat(BigEndian.readLong(body, offset)).isEqualTo(expected);

      byte[] written = new byte[body.length];
      BigEndian.writeLong(expected, written, offset);
      assertThat(ByteBuffer.wrap(written).getLong(offset)).isEqualTo(expected);
    }
  }

  @Test
  void theFirstByteIsTheMostSignificant() {
    byte[] bytes = {0x4b, (byte) 0xf9, 0x2f, 0x35, 0x77, (byte) 0xb3, 0x4d, (byte) 0xa6};
    assertThat(BigEndian.readLong(bytes, 0)).isEqualTo(0x4bf92f3577b34da6L);
  }

  @Test
  void refusesToReadPastTheEnd() {
    assertThatThrownBy(() -> BigEndian.readLong(new byte[12], 5))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
