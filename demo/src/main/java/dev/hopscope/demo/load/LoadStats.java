package dev.hopscope.demo.load;

import java.util.Locale;
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

  /**
   * The status line, within 79 characters in a normal run so that it fits an 80-column terminal:
   * "load 12:34 sent 14920 ok 14330 4xx 590 errors 0 mean 5.1 ms in flight 1". 4xx are the rejected
   * requests (the revoked token), errors the 5xx and failed connections; late sends appear only
   * when there were any.
   */
  String status(long elapsedNanos) {
    long seconds = elapsedNanos / 1_000_000_000L;
    long done = ok.sum() + rejected.sum() + failed.sum();
    StringBuilder line =
        new StringBuilder(String.format(Locale.ROOT, "load %d:%02d", seconds / 60, seconds % 60))
            .append("  sent ")
            .append(sent.sum())
            .append("  ok ")
            .append(ok.sum())
            .append("  4xx ")
            .append(rejected.sum())
            .append("  errors ")
            .append(failed.sum());
    if (late.sum() > 0) {
      line.append("  late ").append(late.sum());
    }
    return line.append(String.format(Locale.ROOT, "  mean %.1f ms", meanMillis(done)))
        .append("  in flight ")
        .append(sent.sum() - done)
        .toString();
  }

  private double meanMillis(long done) {
    return done == 0 ? 0 : latencyNanos.sum() / 1e6 / done;
  }

  /** The summary at the end. */
  String line(long planned) {
    long done = ok.sum() + rejected.sum() + failed.sum();
    return String.format(
        Locale.ROOT,
        "load: %d/%d sent, %d ok, %d rejected, %d failed, %d in flight, %d late, mean %.1f ms",
        sent.sum(),
        planned,
        ok.sum(),
        rejected.sum(),
        failed.sum(),
        sent.sum() - done,
        late.sum(),
        meanMillis(done));
  }
}
