package dev.hopscope.analysis.graph;

import dev.hopscope.analysis.sketch.LatencySketch;

/** Mutable per-edge counters and sketches; only {@link ServiceGraph} touches it. */
final class EdgeState {
  long requests;
  long errors;
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

  EdgeState(long requests, long errors, LatencySketch[] sketches) {
    this(sketches[0], sketches[1], sketches[2], sketches[3]);
    this.requests = requests;
    this.errors = errors;
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
    return copy;
  }
}
