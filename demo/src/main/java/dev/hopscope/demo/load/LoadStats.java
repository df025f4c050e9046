package dev.hopscope.demo.load;

import java.util.concurrent.atomic.LongAdder;

/** Counters of a load run, updated by many request threads and read by the progress printer. */
final class LoadStats {
  private final LongAdder sent = new LongAdder();
  private final LongAdder ok = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder late = new LongAdder();
  private final LongAdder latencyNanos = new LongAdder();

  void sent() {
    sent.increment();
  }

  void late() {
    late.increment();
  }

  /** A finished request: 2xx is ok, 4xx rejected (e.g. a revoked token), the rest failed. */
  void finished(int status, long nanos) {
    latencyNanos.add(nanos);
    if (status >= 200 && status < 300) {
      ok.increment();
    } else if (status >= 400 && status < 500) {
      rejected.increment();
    } else {
      failed.increment();
    }
  }

  long failed() {
    return failed.sum();
  }

  String line(long planned) {
    long done = ok.sum() + rejected.sum() + failed.sum();
    double meanMillis = done == 0 ? 0 : latencyNanos.sum() / 1e6 / done;
    return String.format(
        "load: %d/%d sent, %d ok, %d rejected, %d failed, %d in flight, %d late, mean %.1f ms",
        sent.sum(),
        planned,
        ok.sum(),
        rejected.sum(),
        failed.sum(),
        sent.sum() - done,
        late.sum(),
        meanMillis);
  }
}
