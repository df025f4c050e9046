package dev.hopscope.analysis.graph;

import dev.hopscope.analysis.sketch.LatencySketch;

/** Mutable per-edge counters and sketches; only {@link ServiceGraph} touches it. */
final class EdgeState {
  /** {@link #firstStartNanos} while no call's time is known. */
  static final long NO_FIRST = Long.MAX_VALUE;

  /** {@link #lastStartNanos} while no call's time is known. */
  static final long NO_LAST = Long.MIN_VALUE;

  long requests;
  long errors;

  /**
   * Start of the earliest and the latest call (client start): the time the edge's data covers, over
   * which its rate is computed. Min and max merge exactly, in any order.
   */
  long firstStartNanos = NO_FIRST;

  long lastStartNanos = NO_LAST;

  final LatencySketch clientDuration;
  final LatencySketch outboundGap;
  final LatencySketch returnGap;
  final LatencySketch serverTime;

  EdgeState() {
    this(
        LatencySketch.create(),
        LatencySketch.create(),
        LatencySketch.create(),
        LatencySketch.create());
  }

  EdgeState(
      long requests,
      long errors,
      long firstStartNanos,
      long lastStartNanos,
      LatencySketch[] sketches) {
    this(sketches[0], sketches[1], sketches[2], sketches[3]);
    this.requests = requests;
    this.errors = errors;
    this.firstStartNanos = firstStartNanos;
    this.lastStartNanos = lastStartNanos;
  }

  /** Counts one call that started at {@code startNanos}. */
  void call(long startNanos, boolean error) {
    requests++;
    if (error) {
      errors++;
    }
    firstStartNanos = Math.min(firstStartNanos, startNanos);
    lastStartNanos = Math.max(lastStartNanos, startNanos);
  }

  /**
   * Calls per second between the first and the last call: (calls - 1) / (last start - first start),
   * the time taken at least one second. {@code calls} calls delimit {@code calls - 1} intervals, so
   * a steady 20/s reads 20/s exactly; the one-second floor keeps a burst of a few calls within
   * microseconds from reading as thousands per second. 0 with fewer than two calls or when their
   * times are unknown (graphs read from format 1).
   */
  double requestsPerSecond() {
    if (requests < 2 || lastStartNanos < firstStartNanos) {
      return 0;
    }
    long covered = Math.max(lastStartNanos - firstStartNanos, 1_000_000_000L);
    return (requests - 1) / (covered / 1e9);
  }

  private EdgeState(
      LatencySketch clientDuration,
      LatencySketch outboundGap,
      LatencySketch returnGap,
      LatencySketch serverTime) {
    this.clientDuration = clientDuration;
    this.outboundGap = outboundGap;
    this.returnGap = returnGap;
    this.serverTime = serverTime;
  }

  void merge(EdgeState other) {
    requests += other.requests;
    errors += other.errors;
    firstStartNanos = Math.min(firstStartNanos, other.firstStartNanos);
    lastStartNanos = Math.max(lastStartNanos, other.lastStartNanos);
    clientDuration.merge(other.clientDuration);
    outboundGap.merge(other.outboundGap);
    returnGap.merge(other.returnGap);
    serverTime.merge(other.serverTime);
  }

  EdgeState copy() {
    EdgeState copy =
        new EdgeState(
            clientDuration.copy(), outboundGap.copy(), returnGap.copy(), serverTime.copy());
    copy.requests = requests;
    copy.errors = errors;
    copy.firstStartNanos = firstStartNanos;
    copy.lastStartNanos = lastStartNanos;
    return copy;
  }
}
