package dev.hopscope.analysis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpanIndexTest {
  @Test
  void findsWhatAMapFindsAndTheFirstPositionOfADuplicateWins() {
    Random random = new Random(20261207);
    for (int round = 0; round < 200; round++) {
      int n = 1 + random.nextInt(64);
      SpanIndex index = new SpanIndex(n);
      Map<Long, Integer> expected = new HashMap<>();
      long[] ids = new long[n];
      for (int i = 0; i < n; i++) {
        // Few distinct ids in some rounds, so duplicates (a span sent twice) are common.
        ids[i] = round % 3 == 0 ? random.nextInt(8) : random.nextLong();
        index.putIfAbsent(ids[i], i);
        expected.putIfAbsent(ids[i], i);
      }
      for (long id : ids) {
        assertThat(index.get(id)).isEqualTo(expected.get(id));
      }
      assertThat(index.get(Long.MIN_VALUE + 12345)).isEqualTo(-1);
    }
  }
}
