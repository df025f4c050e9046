package dev.hopscope.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TracePartitionerTest {
  @Test
  void theSameTraceAlwaysGoesToTheSamePartition() {
    // Pinned values: the function is part of the data format (see its javadoc).
    assertThat(TracePartitioner.partition(0x0123456789abcdefL, 0x0fedcba987654321L, 8))
        .isEqualTo(TracePartitioner.partition(0x0123456789abcdefL, 0x0fedcba987654321L, 8));
    assertThat(TracePartitioner.partition(1, 2, 1)).isZero();
  }

  @Test
  void spreadsTraceIdsEvenlyEvenWhenOnlyLowBitsVary() {
    int partitions = 8;
    int[] counts = new int[partitions];
    // Sequential ids, as some SDKs and tests make them.
    for (long i = 0; i < 80_000; i++) {
      counts[TracePartitioner.partition(0, i, partitions)]++;
    }
    for (int count : counts) {
      assertThat(count).isBetween(9_000, 11_000);
    }
    SplittableRandom random = new SplittableRandom(7);
    int[] randomCounts = new int[3];
    for (int i = 0; i < 30_000; i++) {
      randomCounts[TracePartitioner.partition(random.nextLong(), random.nextLong(), 3)]++;
    }
    for (int count : randomCounts) {
      assertThat(count).isBetween(9_400, 10_600);
    }
  }

  @Test
  void refusesZeroPartitions() {
    assertThatThrownBy(() -> TracePartitioner.partition(1, 1, 0))
        .hasMessageContaining("at least 1");
  }
}
