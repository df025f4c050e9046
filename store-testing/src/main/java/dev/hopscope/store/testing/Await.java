package dev.hopscope.store.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition another thread or process brings about: polls it every 10 ms up to a bound,
 * and on timeout fails with what was awaited and what was seen. A test waits for a state, never for
 * a fixed time.
 */
public final class Await {
  private Await() {}

  public static void until(String what, Duration bound, BooleanSupplier condition) {
    until(what, bound, condition, () -> "");
  }

  /** As {@link #until(String, Duration, BooleanSupplier)}, describing the last state seen. */
  public static void until(
      String what, Duration bound, BooleanSupplier condition, Supplier<String> lastSeen) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        String seen = lastSeen.get();
        throw new AssertionError(
            "timed out after "
                + bound.toMillis()
                + " ms waiting for "
                + what
                + (seen.isEmpty() ? "" : "; last seen: " + seen));
      }
      LockSupport.parkNanos(10_000_000);
    }
  }
}
