package dev.hopscope.store.embedded;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Spreads the independent pieces of one read (row groups to decode and check, traces to build) over
 * the machine's cores. The reading thread takes part: it and any helper that is free take the next
 * piece until none is left, then the reader waits only for pieces already taken. A busy pool (other
 * searches) therefore slows a read down to one thread's pace, never blocks it, and a helper that
 * starts late finds nothing to do. Results come back in the pieces' order, so a parallel read
 * answers exactly as a sequential one.
 *
 * <p>It also knows whether reads are running, so that compaction can step aside for them ({@link
 * #yieldToReads}): a merge takes a core for seconds, and a search that started meanwhile shared the
 * core with it (docs/benchmarks.md, "Searches during merges").
 */
final class ReadPool implements AutoCloseable {
  private final @Nullable ExecutorService helpers;
  private final int helperCount;
  private final ReentrantLock activity = new ReentrantLock();
  private final Condition quiet = activity.newCondition();
  private int running;

  private ReadPool(@Nullable ExecutorService helpers, int helperCount) {
    this.helpers = helpers;
    this.helperCount = helperCount;
  }

  /** Reads on the calling thread only. */
  static ReadPool sequential() {
    return new ReadPool(null, 0);
  }

  /** Reads on up to {@code threads} threads: the reader's own and {@code threads - 1} helpers. */
  static ReadPool of(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("a read needs at least one thread, got " + threads);
    }
    if (threads == 1) {
      return sequential();
    }
    AtomicInteger named = new AtomicInteger();
    ExecutorService helpers =
        Executors.newFixedThreadPool(
            threads - 1,
            task ->
                Thread.ofPlatform()
                    .daemon()
                    .name("hopscope-store-read-" + named.incrementAndGet())
                    .unstarted(task));
    return new ReadPool(helpers, threads - 1);
  }

  /** How many threads a read may use, its own included. */
  int threads() {
    return helperCount + 1;
  }

  /** One piece's result, or what it threw. */
  record Outcome<R>(@Nullable R value, @Nullable RuntimeException failure) {
    /** The value, or the piece's failure thrown here. */
    R get() {
      if (failure != null) {
        throw failure;
      }
      return Objects.requireNonNull(value, "value");
    }
  }

  /**
   * Runs {@code work} on every item and returns the outcomes in the items' order. A piece that
   * throws a {@link RuntimeException} does not stop the others: the caller decides, in order, what
   * a failure means (a corrupt block is set aside, anything else fails the read). An {@link Error}
   * is rethrown once every taken piece has finished.
   */
  <I, R> List<Outcome<R>> map(List<I> items, Function<? super I, ? extends R> work) {
    started();
    try {
      return mapCounted(items, work);
    } finally {
      ended();
    }
  }

  /**
   * Waits while any read of this pool is running, for at most {@code maxNanos}, and returns how
   * long it waited. Background work calls it between steps, and bounds each wait by the work it did
   * since the last one, so that a steady stream of reads slows it down but never stops it.
   */
  long yieldToReads(long maxNanos) {
    long remaining = maxNanos;
    activity.lock();
    try {
      while (running > 0 && remaining > 0) {
        try {
          remaining = quiet.awaitNanos(remaining);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    } finally {
      activity.unlock();
    }
    return maxNanos - Math.max(0, remaining);
  }

  private void started() {
    activity.lock();
    try {
      running++;
    } finally {
      activity.unlock();
    }
  }

  private void ended() {
    activity.lock();
    try {
      if (--running == 0) {
        quiet.signalAll();
      }
    } finally {
      activity.unlock();
    }
  }

  private <I, R> List<Outcome<R>> mapCounted(List<I> items, Function<? super I, ? extends R> work) {
    int size = items.size();
    @SuppressWarnings("unchecked")
    Outcome<R>[] outcomes = new Outcome[size];
    if (helpers == null || size < 2) {
      for (int i = 0; i < size; i++) {
        outcomes[i] = run(work, items.get(i));
      }
      return List.of(outcomes);
    }
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(size);
    Error[] fatal = new Error[1];
    Runnable worker =
        () -> {
          for (int i = next.getAndIncrement(); i < size; i = next.getAndIncrement()) {
            try {
              outcomes[i] = run(work, items.get(i));
            } catch (Error e) {
              synchronized (fatal) {
                fatal[0] = fatal[0] == null ? e : fatal[0];
              }
            } finally {
              done.countDown();
            }
          }
        };
    int asked = Math.min(helperCount, size - 1);
    for (int h = 0; h < asked; h++) {
      try {
        helpers.execute(worker);
      } catch (RejectedExecutionException e) {
        break; // closing: the reader does the rest itself
      }
    }
    worker.run();
    awaitTaken(done);
    synchronized (fatal) {
      if (fatal[0] != null) {
        throw fatal[0];
      }
    }
    // Every piece finished without an Error, so every slot holds its outcome.
    return List.of(outcomes);
  }

  private static <I, R> Outcome<R> run(Function<? super I, ? extends R> work, I item) {
    try {
      return new Outcome<>(work.apply(item), null);
    } catch (RuntimeException e) {
      return new Outcome<>(null, e);
    }
  }

  /**
   * Every piece is taken once the reader's own loop ends, so this waits only for helpers mid-piece.
   * An interrupt is kept for the caller but does not cut the wait short: the pieces write into
   * arrays the reader is about to read.
   */
  private static void awaitTaken(CountDownLatch done) {
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (helpers != null) {
      helpers.shutdown();
    }
  }
}
