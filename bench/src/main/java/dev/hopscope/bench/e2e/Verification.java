package dev.hopscope.bench.e2e;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Fetches every acknowledged trace by id and counts the spans that did not come back. A trace is
 * lost (in part or whole) when the server answers 200 with fewer spans or 404; an answer that is
 * neither (5xx, timeout) is tried three times and then counted as unverified, not as lost.
 */
record Verification(
    int traces,
    long spansExpected,
    long spansFound,
    long lostSpans,
    int missing,
    long unverifiedSpans,
    @Nullable String firstProblem,
    double seconds) {

  private static final int ATTEMPTS = 3;

  static Verification run(Target target, AckLog acks, int threads, PrintStream out)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    LongAdder found = new LongAdder();
    LongAdder lost = new LongAdder();
    LongAdder missing = new LongAdder();
    LongAdder unverified = new LongAdder();
    AtomicReference<@Nullable String> firstProblem = new AtomicReference<>();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(
          pool.submit(
              () -> {
                try (ReadClient client = new ReadClient()) {
                  int i;
                  while ((i = next.getAndIncrement()) < acks.traces()) {
                    int expected = acks.spans(i);
                    // ATTEMPTS >= 1: the first try is unconditional, retries only while unanswered.
                    ReadClient.Answer answer = client.get(target.traceUri(acks.hex(i)));
                    for (int attempt = 1;
                        attempt < ATTEMPTS && answer.status() != 200 && answer.status() != 404;
                        attempt++) {
                      answer = client.get(target.traceUri(acks.hex(i)));
                    }
                    if (answer.status() != 200 && answer.status() != 404) {
                      unverified.add(expected);
                      firstProblem.compareAndSet(
                          null, acks.hex(i) + ": " + answer.status() + " " + answer.text());
                      continue;
                    }
                    int spans = answer.json() == null ? 0 : target.spanCount(answer.json());
                    found.add(Math.min(spans, expected));
                    if (spans < expected) {
                      lost.add(expected - spans);
                      missing.increment();
                      firstProblem.compareAndSet(
                          null,
                          acks.hex(i)
                              + ": "
                              + answer.status()
                              + " with "
                              + spans
                              + " of "
                              + expected
                              + " spans");
                    }
                  }
                }
                return null;
              }));
    }
    pool.shutdown();
    Progress progress = new Progress(out);
    while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
      int done = Math.min(next.get(), acks.traces());
      progress.update(
          String.format(
              "  [%s] verify: %,d of %,d acknowledged traces read back (%.0f%%), %,d spans lost,"
                  + " %,d unverified",
              target.name(),
              done,
              acks.traces(),
              100.0 * done / acks.traces(),
              lost.sum(),
              unverified.sum()));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    progress.done(
        String.format(
            "  [%s] verify: %,d traces, %,d spans expected, %,d lost, %,d unverified (%.1f s)%s",
            target.name(),
            acks.traces(),
            acks.spans(),
            lost.sum(),
            unverified.sum(),
            seconds,
            firstProblem.get() == null ? "" : "; first problem: trace " + firstProblem.get()));
    return new Verification(
        acks.traces(),
        acks.spans(),
        found.sum(),
        lost.sum(),
        (int) missing.sum(),
        unverified.sum(),
        firstProblem.get(),
        seconds);
  }
}
