package dev.hopscope.server.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that another thread or process makes true (spans exported on their own
 * schedule, bytes released after a stream reset): checks it every 100 ms, up to a deadline, and
 * fails with what was awaited. Never a fixed sleep.
 */
public final class Await {
  private Await() {}

  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      LockSupport.parkNanos(100_000_000L);
    }
  }
}
