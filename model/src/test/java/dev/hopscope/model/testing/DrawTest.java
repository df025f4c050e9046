package dev.hopscope.model.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The generators every property test draws from: they must reach the edges and the small values
 * that find bugs, not only the uniform middle, and a failure must say how to replay it.
 */
class DrawTest {
  private static final long SEED = SeededProperty.SEED;
  private static final int DRAWS = 10_000;

  @Test
  void anyLongReachesEveryEdgeBothSignsAndEveryMagnitude() {
    SplittableRandom random = new SplittableRandom(SEED);
    List<Long> values = new ArrayList<>();
    for (int i = 0; i < DRAWS; i++) {
      values.add(Draw.anyLong(random));
    }
    assertThat(values).as("seed %d", SEED).containsAll(Draw.LONG_EDGES);
    assertThat(values.stream().filter(v -> v > 2 && v < 256).count())
        .as("small positives, seed %d", SEED)
        .isGreaterThan(DRAWS / 50);
    assertThat(values.stream().filter(v -> v < -2 && v > -256).count())
        .as("small negatives, seed %d", SEED)
        .isGreaterThan(DRAWS / 50);
    assertThat(values.stream().filter(v -> Math.abs(v) > 1L << 56).count())
        .as("large magnitudes, seed %d", SEED)
        .isGreaterThan(DRAWS / 20);
  }

  @Test
  void longBetweenStaysInItsRangeReachesBothEndsAndFavoursSmallValues() {
    SplittableRandom random = new SplittableRandom(SEED);
    long min = -1_000_000;
    long max = 3_600_000_000_000L;
    List<Long> values = new ArrayList<>();
    for (int i = 0; i < DRAWS; i++) {
      values.add(Draw.longBetween(random, min, max));
    }
    assertThat(values).as("seed %d", SEED).allMatch(v -> v >= min && v <= max);
    assertThat(values).as("seed %d", SEED).contains(min, min + 1, 0L, max - 1, max);
    assertThat(values.stream().filter(v -> Math.abs(v) < 1_000).count())
        .as("near zero, seed %d", SEED)
        .isGreaterThan(DRAWS / 10);
    assertThat(values.stream().filter(v -> v > 1_000_000_000_000L).count())
        .as("above 10^12, seed %d", SEED)
        .isGreaterThan(DRAWS / 100);
    assertThat(values.stream().filter(v -> v < -1_000).count())
        .as("the negative side, seed %d", SEED)
        .isGreaterThan(DRAWS / 100);
    assertThat(Draw.intBetween(random, 7, 7)).isEqualTo(7);
  }

  @Test
  void sizesAreMostlySmallAndNowAndThenTheLargest() {
    SplittableRandom random = new SplittableRandom(SEED);
    int[] counts = new int[301];
    for (int i = 0; i < DRAWS; i++) {
      counts[Draw.size(random, 0, 300)]++;
    }
    int small = 0;
    for (int size = 0; size <= 15; size++) {
      small += counts[size];
    }
    assertThat(counts[0]).as("empty, seed %d", SEED).isPositive();
    assertThat(counts[300]).as("largest, seed %d", SEED).isGreaterThan(DRAWS / 100);
    assertThat(small).as("at most 15, seed %d", SEED).isBetween(DRAWS * 8 / 10, DRAWS * 95 / 100);
  }

  @Test
  void aFailureNamesTheCaseTheInputAndHowToReplayIt() {
    assertThatThrownBy(
            () ->
                SeededProperty.check(
                    List.of(1, 2, 3), 0, random -> 0, value -> assertThat(value).isNotEqualTo(2)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("edge case 2 of 3")
        .hasMessageContaining("input: 2")
        .hasMessageContaining("-Dhopscope.seed=" + SeededProperty.SEED);
    // Not only assertions: any exception falsifies the property, with the same report.
    assertThatThrownBy(
            () ->
                SeededProperty.check(
                    List.of(),
                    DRAWS,
                    random -> random.nextInt(100),
                    value -> List.of(1, 2, 3).get(value)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("generated case ")
        .hasMessageContaining("seed " + SeededProperty.SEED)
        .hasCauseInstanceOf(IndexOutOfBoundsException.class);
  }
}
