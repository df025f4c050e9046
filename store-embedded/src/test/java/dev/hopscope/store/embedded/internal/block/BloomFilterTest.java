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
    BloomFilter bloom = BloomFilter.forTraceIds(10_000);
    long[][] ids = new long[10_000][2];
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
    int falsePositives = 0;
    for (int i = 0; i < 100_000; i++) {
      if (read.mightContain(random.nextLong(), random.nextLong())) {
        falsePositives++;
      }
    }
    assertThat(falsePositives).as("false positives in 100k").isLessThan(2_000);
  }

  @Test
  void attributePairFiltersAreTighter() {
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
}
