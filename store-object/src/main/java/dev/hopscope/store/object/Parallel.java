package dev.hopscope.store.object;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Runs independent requests (metas, tails) side by side: a cold read of 20 blocks waits for about
 * one round trip instead of twenty. Bounded, so a listing of thousands of blocks does not open
 * thousands of connections at once.
 */
final class Parallel {
  static final int REQUESTS_IN_FLIGHT = 16;

  private Parallel() {}

  /** Calls {@code action} for each item; rethrows the first failure once all have ended. */
  static <T> void forEach(List<T> items, Consumer<T> action) {
    if (items.size() <= 1) {
      items.forEach(action);
      return;
    }
    Semaphore permits = new Semaphore(REQUESTS_IN_FLIGHT);
    List<Future<?>> running = new ArrayList<>(items.size());
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (T item : items) {
        running.add(
            executor.submit(
                () -> {
                  permits.acquireUninterruptibly();
                  try {
                    action.accept(item);
                  } finally {
                    permits.release();
                  }
                }));
      }
    }
    RuntimeException first = null;
    for (Future<?> result : running) {
      try {
        result.get();
      } catch (ExecutionException e) {
        RuntimeException failure =
            e.getCause() instanceof RuntimeException runtime
                ? runtime
                : new IllegalStateException(e.getCause());
        if (first == null) {
          first = failure;
        } else {
          first.addSuppressed(failure);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading from the bucket", e);
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
