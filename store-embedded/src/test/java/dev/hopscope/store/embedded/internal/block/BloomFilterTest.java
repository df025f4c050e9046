package dev.hopscope.store.embedded.internal.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.store.embedded.internal.codec.ByteSink;
import dev.hopscope.store.embedded.internal.codec.ByteSource;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BloomFilterTest {
  @Test
  void neverForgetsAnIdAndRarelyInventsOne() {
    Random random = new Random(7);
    BloomFilter read = roundTripHolding(BloomFilter.forTraceIds(10_000), 10_000, random);
    // 0.05% expected: a trace some other block wrongly claims is fetched whole by searches.
    assertThat(falsePositives(read, random)).as("false positives in 100k").isLessThan(200);
  }

  @Test
  void aFilterWrittenWithOtherSettingsKeepsThem() {
    // 7 probes over 10 bits for each of 5,000 ids, as blocks written before 2026-12-07 hold.
    ByteSink empty = new ByteSink();
    empty.writeByte(7).writeVarInt(782);
    for (int i = 0; i < 782; i++) {
      empty.writeLong(0);
    }
    BloomFilter old = BloomFilter.readFrom(new ByteSource(empty.toByteArray()));
    Random random = new Random(9);
    BloomFilter read = roundTripHolding(old, 5_000, random);
    ByteSink again = new ByteSink();
    read.writeTo(again);
    assertThat(again.size()).isEqualTo(1 + 2 + 782 * 8);
    assertThat(falsePositives(read, random))
        .as("false positives in 100k at the old ~1%")
        .isBetween(200, 2_000);
  }

  @Test
  void attributePairFiltersAreAsTight() {
    Random random = new Random(8);
    BloomFilter bloom = BloomFilter.forAttributePairs(10_000);
    for (int i = 0; i < 10_000; i++) {
      bloom.addHash(random.nextLong());
    }
    int falsePositives = 0;
    for (int i = 0; i < 100_000; i++) {
      if (bloom.mightContainHash(random.nextLong())) {
        falsePositives++;
      }
    }
    assertThat(falsePositives).as("false positives in 100k").isLessThan(200);
  }

  /**
   * Adds {@code count} random ids to {@code bloom}, writes and reads it back, and checks the copy
   * holds every one.
   */
  private static BloomFilter roundTripHolding(BloomFilter bloom, int count, Random random) {
    long[][] ids = new long[count][2];
    for (long[] id : ids) {
      id[0] = random.nextLong();
      id[1] = random.nextLong();
      bloom.add(id[0], id[1]);
    }
    ByteSink sink = new ByteSink();
    bloom.writeTo(sink);
    BloomFilter read = BloomFilter.readFrom(new ByteSource(sink.toByteArray()));
    for (long[] id : ids) {
      assertThat(read.mightContain(id[0], id[1])).isTrue();
    }
    return read;
  }

  private static int falsePositives(BloomFilter bloom, Random random) {
    int falsePositives = 0;
    for (int i = 0; i < 100_000; i++) {
      if (bloom.mightContain(random.nextLong(), random.nextLong())) {
        falsePositives++;
      }
    }
    return falsePositives;
  }
}
