package dev.hopscope.store.embedded.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteSourceTest {
  @Test
  void varintsOfEveryLengthReadBackWhereverTheySitInTheBuffer() {
    Random random = new Random(7);
    long[] values = new long[20_000];
    ByteSink sink = new ByteSink();
    for (int i = 0; i < values.length; i++) {
      // Every width from 1 to 64 bits, so every varint length from 1 to 10 bytes.
      int bits = 1 + random.nextInt(64);
      values[i] = bits == 64 ? random.nextLong() : random.nextLong() & ((1L << bits) - 1);
      if (i % 3 == 0) {
        sink.writeSignedVarLong(values[i]);
      } else {
        sink.writeVarLong(values[i]);
      }
    }
    ByteSource in = new ByteSource(sink.toByteArray());
    for (int i = 0; i < values.length; i++) {
      long read = i % 3 == 0 ? in.readSignedVarLong() : in.readVarLong();
      assertThat(read).as("value %d", i).isEqualTo(values[i]);
    }
    assertThat(in.hasRemaining()).isFalse();
  }

  @Test
  void aVarintCutShortAtTheEndOfTheBufferIsMalformedNotAnIndexError() {
    byte[] tenBytes = new ByteSink().writeVarLong(-1L).toByteArray();
    assertThat(tenBytes).hasSize(10);
    for (int length = 1; length < tenBytes.length; length++) {
      ByteSource in = new ByteSource(Arrays.copyOf(tenBytes, length));
      assertThatThrownBy(in::readVarLong).isInstanceOf(MalformedDataException.class);
    }
    // Cut short by the source's limit, not the array's end.
    ByteSource limited = new ByteSource(Arrays.copyOf(tenBytes, 20), 0, 5);
    assertThatThrownBy(limited::readVarLong).isInstanceOf(MalformedDataException.class);
  }

  @Test
  void aVarintLongerThanTenBytesIsMalformed() {
    byte[] eleven = new byte[16];
    Arrays.fill(eleven, 0, 11, (byte) 0x80);
    assertThatThrownBy(() -> new ByteSource(eleven).readVarLong())
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("longer than 10 bytes");
  }

  @Test
  void aSeekStaysInsideTheSourcesOwnSlice() {
    byte[] bytes = new ByteSink().writeVarLong(5).writeVarLong(300).writeVarLong(7).toByteArray();
    ByteSource in = new ByteSource(bytes, 1, bytes.length - 1);
    in.seek(3);
    assertThat(in.readVarLong()).isEqualTo(7);
    in.seek(1);
    assertThat(in.readVarLong()).isEqualTo(300);
    assertThatThrownBy(() -> in.seek(0)).isInstanceOf(MalformedDataException.class);
    assertThatThrownBy(() -> in.seek(bytes.length + 1)).isInstanceOf(MalformedDataException.class);
  }
}
