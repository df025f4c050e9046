package dev.hopscope.demo.time;

import java.util.concurrent.locks.LockSupport;

/**
 * Monotonic time plus a way to wait until a moment. The proxy's delay line and the load generator's
 * pacer both schedule work in time; taking this as a parameter lets their tests run on a fake clock
 * that advances instantly instead of really waiting.
 */
public interface NanoClock {
  long nanoTime();

  /** Returns once {@link #nanoTime()} has reached {@code deadline}. */
  void parkUntil(long deadline) throws InterruptedException;

  static NanoClock system() {
    return SystemNanoClock.INSTANCE;
  }

  /** The real clock; parks the thread (cheap on virtual threads) until the deadline. */
  enum SystemNanoClock implements NanoClock {
    INSTANCE;

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void parkUntil(long deadline) throws InterruptedException {
      // parkNanos may return early (spurious wake-ups, unpark), so loop on the real condition.
      for (long left = deadline - System.nanoTime();
          left > 0;
          left = deadline - System.nanoTime()) {
        LockSupport.parkNanos(left);
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
      }
    }
  }
}
