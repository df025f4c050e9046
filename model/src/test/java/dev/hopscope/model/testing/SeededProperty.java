package dev.hopscope.model.testing;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Property tests as plain JUnit: a property runs on its edge cases, then on cases drawn from a
 * {@link SplittableRandom}. The seed is fresh every run, so CI keeps finding new inputs; a failure
 * names the seed, the case and its input, and {@code -Dhopscope.seed=<seed>} replays the run. A
 * seed that once found a bug is kept as a fixed edge case of its own property (a regression), never
 * by fixing the run's seed.
 *
 * <p>Shared through model's test-jar so that every module's properties replay the same way.
 */
public final class SeededProperty {
  /** The run's seed: one per JVM, printed in every failure. */
  public static final long SEED = Long.getLong("hopscope.seed", new SplittableRandom().nextLong());

  private static final int MAX_INPUT_CHARS = 2_000;

  private SeededProperty() {}

  /** What a property checks about one input; any exception or assertion error falsifies it. */
  @FunctionalInterface
  public interface Check<T> {
    void check(T input) throws Exception;
  }

  /**
   * Checks {@code property} on every edge case, then on {@code generated} inputs drawn by {@code
   * generator} from a random seeded with {@link #SEED}.
   */
  public static <T> void check(
      List<T> edgeCases,
      int generated,
      Function<SplittableRandom, T> generator,
      Check<T> property) {
    for (int i = 0; i < edgeCases.size(); i++) {
      run(property, edgeCases.get(i), "edge case " + (i + 1) + " of " + edgeCases.size());
    }
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < generated; i++) {
      run(property, generator.apply(random), "generated case " + (i + 1) + " of " + generated);
    }
  }

  private static <T> void run(Check<T> property, T input, String which) {
    try {
      property.check(input);
    } catch (Throwable failure) { // a StackOverflowError is a finding too, and needs its seed
      String shown = String.valueOf(input);
      if (shown.length() > MAX_INPUT_CHARS) {
        shown = shown.substring(0, MAX_INPUT_CHARS) + "… (" + shown.length() + " chars)";
      }
      throw new AssertionError(
          "Property falsified by "
              + which
              + " (seed "
              + SEED
              + "; replay with -Dhopscope.seed="
              + SEED
              + ")\ninput: "
              + shown
              + "\n"
              + failure,
          failure);
    }
  }
}
