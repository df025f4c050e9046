package dev.hopscope.model.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Values for {@link SeededProperty} inputs, drawn the way property-test generators do it: numbers
 * skewed towards zero (every bit length is equally likely, so 3 is as likely as 3 billion), the
 * range's edge values mixed in now and then, collections mostly small with the largest size now and
 * then. Uniform draws would almost never give 0, 1 or a full range.
 */
public final class Draw {
  /** The longs most likely to break arithmetic, ids and seeds. */
  public static final List<Long> LONG_EDGES =
      List.of(
          0L,
          1L,
          -1L,
          2L,
          -2L,
          Long.MIN_VALUE,
          Long.MIN_VALUE + 1,
          Long.MAX_VALUE - 1,
          Long.MAX_VALUE);

  /** Sizes up to this far above the minimum are the common case; larger ones come 1 time in 8. */
  private static final int SMALL_SIZES = 15;

  private Draw() {}

  /** Any long: an edge value about 1 draw in 12, else a random sign and a skewed magnitude. */
  public static long anyLong(SplittableRandom random) {
    if (edgeNow(random, LONG_EDGES.size())) {
      return pick(random, LONG_EDGES);
    }
    long magnitude = skewed(random, Long.MAX_VALUE);
    return random.nextBoolean() ? magnitude : -magnitude;
  }

  /** An int in [min, max], skewed towards 0 (or the end nearer to it), edges mixed in. */
  public static int intBetween(SplittableRandom random, int min, int max) {
    return (int) longBetween(random, min, max);
  }

  /** A long in [min, max], skewed towards 0 (or the end nearer to it), edges mixed in. */
  public static long longBetween(SplittableRandom random, long min, long max) {
    if (min > max || max - min < 0) {
      throw new IllegalArgumentException("range [" + min + ", " + max + "] is empty or too wide");
    }
    List<Long> edges = edges(min, max);
    if (min == max || edgeNow(random, edges.size())) {
      return pick(random, edges);
    }
    long target = Math.clamp(0, min, max);
    int below = 64 - Long.numberOfLeadingZeros(target - min);
    int above = 64 - Long.numberOfLeadingZeros(max - target);
    // Each side of the target weighs by its bit length, so a short negative tail is rarer.
    return random.nextInt(below + above) < below
        ? target - skewed(random, target - min)
        : target + skewed(random, max - target);
  }

  /** The edge values of [min, max]: both ends, their neighbours inside, and 0 if in range. */
  public static List<Long> edges(long min, long max) {
    TreeSet<Long> edges = new TreeSet<>();
    for (long edge : new long[] {min, min + 1, 0, max - 1, max}) {
      if (edge >= min && edge <= max) {
        edges.add(edge);
      }
    }
    return List.copyOf(edges);
  }

  /** {@link #edges(long, long)} as ints. */
  public static List<Integer> intEdges(int min, int max) {
    return edges(min, max).stream().map(Long::intValue).toList();
  }

  /** A size in [min, max]: mostly within 15 of min, 1 in 10 above that, 1 in 50 exactly max. */
  public static int size(SplittableRandom random, int min, int max) {
    int small = Math.min(max, min + SMALL_SIZES);
    if (small == max) {
      return random.nextInt(min, max + 1);
    }
    double p = random.nextDouble();
    if (p < 0.02) {
      return max;
    }
    return p < 0.12 ? random.nextInt(small + 1, max + 1) : random.nextInt(min, small + 1);
  }

  /** A list of {@link #size} elements. */
  public static <T> List<T> listOf(
      SplittableRandom random, int minSize, int maxSize, Function<SplittableRandom, T> element) {
    int size = size(random, minSize, maxSize);
    List<T> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(element.apply(random));
    }
    return out;
  }

  public static <T> T pick(SplittableRandom random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  @SafeVarargs
  public static <T> T pick(SplittableRandom random, T... values) {
    return values[random.nextInt(values.length)];
  }

  /** Every pair of the two lists' values: the edge cases of a two-parameter property. */
  public static <A, B, T> List<T> pairs(
      List<A> first, List<B> second, BiFunction<? super A, ? super B, T> combine) {
    List<T> out = new ArrayList<>(first.size() * second.size());
    for (A a : first) {
      for (B b : second) {
        out.add(combine.apply(a, b));
      }
    }
    return out;
  }

  /**
   * A value in [0, bound] whose bit length is uniform: small values are as likely as large ones
   * are, per order of magnitude.
   */
  static long skewed(SplittableRandom random, long bound) {
    int bits = random.nextInt(65 - Long.numberOfLeadingZeros(bound));
    long ceiling = bits >= 63 ? bound : Math.min(bound, (1L << bits) - 1);
    return ceiling == Long.MAX_VALUE
        ? random.nextLong() & Long.MAX_VALUE
        : random.nextLong(ceiling + 1);
  }

  /** Edge values come about 1 draw in (100 / n + 1) for n of them. */
  private static boolean edgeNow(SplittableRandom random, int edges) {
    return random.nextInt(100 / edges + 1) == 0;
  }
}
