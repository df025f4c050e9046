package dev.hopscope.store.embedded.internal.block;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LongHashSetTest {
  @Test
  void agreesWithAHashSetOnEveryAddIncludingZeroAndRepeats() {
    Random random = new Random(5);
    LongHashSet set = new LongHashSet();
    Set<Long> reference = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      // Few distinct values half the time, so repeats are common; zero and the extremes too.
      long value =
          switch (random.nextInt(4)) {
            case 0 -> random.nextInt(300);
            case 1 -> random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
            default -> random.nextLong();
          };
      assertThat(set.add(value)).as("add %d", value).isEqualTo(reference.add(value));
    }
    assertThat(set.size()).isEqualTo(reference.size());
    Set<Long> iterated = new HashSet<>();
    set.forEach(iterated::add);
    assertThat(iterated).isEqualTo(reference);
  }
}
