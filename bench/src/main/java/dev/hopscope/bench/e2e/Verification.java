package dev.hopscope.bench.e2e;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Fetches every acknowledged trace by id and counts the spans that did not come back. */
record Verification(
    int traces, long spansExpected, long spansFound, long lostSpans, int missing, double seconds) {

  static Verification run(Target target, AckLog acks, int threads, PrintStream out)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    LongAdder found = new LongAdder();
    LongAdder lost = new LongAdder();
    LongAdder missing = new LongAdder();
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
                    ReadClient.Answer answer = client.get(target.traceUri(acks.hex(i)));
                    int spans = answer.json() == null ? 0 : target.spanCount(answer.json());
                    int expected = acks.spans(i);
                    found.add(Math.min(spans, expected));
                    if (spans < expected) {
                      lost.add(expected - spans);
                      missing.increment();
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
              "  [%s] verify: %,d of %,d acknowledged traces read back (%.0f%%), %,d spans lost",
              target.name(), done, acks.traces(), 100.0 * done / acks.traces(), lost.sum()));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    progress.done(
        String.format(
            "  [%s] verify: %,d traces, %,d spans expected, %,d lost (%.1f s)",
            target.name(), acks.traces(), acks.spans(), lost.sum(), seconds));
    return new Verification(
        acks.traces(), acks.spans(), found.sum(), lost.sum(), (int) missing.sum(), seconds);
  }
}
