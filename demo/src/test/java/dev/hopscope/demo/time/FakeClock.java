package dev.hopscope.demo.time;

import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when told to, or when someone parks until a later moment. */
public final class FakeClock implements NanoClock {
  private long now;
  private final List<Long> parkedUntil = new ArrayList<>();

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized void parkUntil(long deadline) {
    parkedUntil.add(deadline);
    now = Math.max(now, deadline);
  }

  public synchronized void advanceMillis(long millis) {
    now += millis * 1_000_000;
  }

  public synchronized long nowMillis() {
    return now / 1_000_000;
  }

  public synchronized List<Long> parkedUntil() {
    return List.copyOf(parkedUntil);
  }
}
