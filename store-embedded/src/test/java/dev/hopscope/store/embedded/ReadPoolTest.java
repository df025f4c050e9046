package dev.hopscope.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A read's pieces run on the reader's thread and the pool's helpers, and come back in order with
 * each piece's failure beside it; a busy or closed pool slows a read down but never blocks it.
 * Background work steps aside while a read runs, for no longer than it asks.
 */
class ReadPoolTest {
  private static final List<Integer> ITEMS = IntStream.range(0, 2_000).boxed().toList();

  @Test
  void outcomesComeBackInTheItemsOrderWhateverThreadRanThem() {
    SplittableRandom random = new SplittableRandom(20261207L);
    long[] salts = random.longs(ITEMS.size()).toArray();
    try (ReadPool pool = ReadPool.of(4)) {
      List<ReadPool.Outcome<Long>> outcomes = pool.map(ITEMS, i -> work(salts[i]));
      List<Long> values = outcomes.stream().map(ReadPool.Outcome::get).toList();
      List<Long> sequential = new ArrayList<>();
      for (int i : ITEMS) {
        sequential.add(work(salts[i]));
      }
      assertThat(values).isEqualTo(sequential);
    }
  }

  @Test
  void aFailingPieceIsReportedInItsPlaceAndTheOthersStillRun() {
    try (ReadPool pool = ReadPool.of(3)) {
      List<ReadPool.Outcome<Integer>> outcomes =
          pool.map(
              ITEMS,
              i -> {
                if (i % 500 == 7) {
                  throw new IllegalStateException("piece " + i);
                }
                return i * 2;
              });
      for (int i : ITEMS) {
        ReadPool.Outcome<Integer> outcome = outcomes.get(i);
        if (i % 500 == 7) {
          assertThat(outcome.failure()).hasMessage("piece " + i);
          assertThatThrownBy(outcome::get).isSameAs(outcome.failure());
        } else {
          assertThat(outcome.get()).isEqualTo(i * 2);
        }
      }
    }
  }

  @Test
  void anErrorIsRethrownToTheReaderOnceThePiecesAreDone() {
    try (ReadPool pool = ReadPool.of(2)) {
      assertThatThrownBy(
              () ->
                  pool.map(
                      ITEMS,
                      i -> {
                        if (i == 1_234) {
                          throw new AssertionError("piece " + i);
                        }
                        return i;
                      }))
          .isInstanceOf(AssertionError.class)
          .hasMessage("piece 1234");
    }
  }

  @Test
  void aReadFinishesOnItsOwnThreadWhileEveryHelperIsBusy() throws InterruptedException {
    try (ReadPool pool = ReadPool.of(2)) {
      CountDownLatch bothStarted = new CountDownLatch(2);
      CountDownLatch release = new CountDownLatch(1);
      Thread slow =
          Thread.ofPlatform()
              .start(
                  () ->
                      pool.map(
                          List.of(1, 2),
                          i -> {
                            bothStarted.countDown();
                            awaitQuietly(release);
                            return i;
                          }));
      // The slow read's own thread and the pool's one helper each hold a piece now.
      assertThat(bothStarted.await(1, TimeUnit.MINUTES)).isTrue();
      List<Integer> values =
          pool.map(ITEMS, i -> i + 1).stream().map(ReadPool.Outcome::get).toList();
      assertThat(values).isEqualTo(ITEMS.stream().map(i -> i + 1).toList());
      release.countDown();
      slow.join();
    }
  }

  @Test
  void backgroundWorkWaitsForARunningReadAndGoesOnWhenItEnds() throws InterruptedException {
    try (ReadPool pool = ReadPool.of(2)) {
      CountDownLatch release = new CountDownLatch(1);
      Thread reader = heldRead(pool, release);
      long limit = TimeUnit.MINUTES.toNanos(1);
      long[] waited = new long[1];
      Thread merge = Thread.ofPlatform().start(() -> waited[0] = pool.yieldToReads(limit));
      // Until it waits; one that returned at once ends the loop too, and fails below.
      while (merge.isAlive() && merge.getState() != Thread.State.TIMED_WAITING) {
        Thread.onSpinWait();
      }
      release.countDown();
      merge.join();
      reader.join();
      // It waited, and came back because the read ended, not because its minute ran out.
      assertThat(waited[0]).isPositive().isLessThan(limit);
    }
  }

  @Test
  void withNoReadRunningBackgroundWorkDoesNotWait() {
    try (ReadPool pool = ReadPool.of(2)) {
      pool.map(ITEMS, i -> i);
      assertThat(pool.yieldToReads(TimeUnit.MINUTES.toNanos(1))).isZero();
    }
  }

  @Test
  void aWaitEndsAtItsLimitWhileTheReadGoesOn() throws InterruptedException {
    try (ReadPool pool = ReadPool.of(2)) {
      CountDownLatch release = new CountDownLatch(1);
      Thread reader = heldRead(pool, release);
      long limit = TimeUnit.MILLISECONDS.toNanos(2);
      assertThat(pool.yieldToReads(limit)).isEqualTo(limit);
      release.countDown();
      reader.join();
    }
  }

  /** A read of one piece, running once this returns, that holds until {@code release}; shared. */
  static Thread heldRead(ReadPool pool, CountDownLatch release) throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    Thread reader =
        Thread.ofPlatform()
            .start(
                () ->
                    pool.map(
                        List.of(1),
                        i -> {
                          started.countDown();
                          awaitQuietly(release);
                          return i;
                        }));
    assertThat(started.await(1, TimeUnit.MINUTES)).isTrue();
    return reader;
  }

  @Test
  void aClosedPoolStillAnswersOnTheReadersThread() {
    ReadPool pool = ReadPool.of(4);
    pool.close();
    assertThat(pool.map(ITEMS, i -> -i).stream().map(ReadPool.Outcome::get).toList())
        .isEqualTo(ITEMS.stream().map(i -> -i).toList());
  }

  @Test
  void oneThreadIsTheSequentialPoolAndZeroIsRefused() {
    assertThat(ReadPool.of(1).threads()).isEqualTo(1);
    assertThat(ReadPool.of(3).threads()).isEqualTo(3);
    assertThatThrownBy(() -> ReadPool.of(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one thread");
  }

  private static long work(long salt) {
    long x = salt;
    for (int i = 0; i < 200; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
    }
    return x;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
