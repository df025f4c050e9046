package dev.hopscope.server.api;

import dev.hopscope.analysis.graph.GraphDigest;
import dev.hopscope.analysis.graph.ServiceGraph;
import dev.hopscope.analysis.graph.ServiceGraphTimeline;
import dev.hopscope.analysis.red.RedMetrics;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceSource;
import java.util.Optional;

/**
 * The service graph of every trace in a window, and a service's RED metrics, read from the store's
 * per-block digests ({@link ServiceGraphDigester}): a few small digests merged instead of every
 * trace analysed, and never capped. Read at minute granularity: the window is widened to the whole
 * minutes it touches, as the digests keep calls by the minute their client started.
 */
public final class DigestedGraph {
  private DigestedGraph() {}

  /** The graph, or empty when some of the window has no digest and the traces must be read. */
  public static Optional<ServiceGraph> read(TraceSource source, String tenant, TimeRange range) {
    TimeRange minutes = wholeMinutes(range);
    ServiceGraph graph = ServiceGraph.create();
    boolean digested =
        source.traceDigests(
            tenant,
            ServiceGraphDigester.NAME,
            minutes,
            digest ->
                GraphDigest.mergeInto(graph, digest, minutes.startNanos(), minutes.endNanos()));
    return digested ? Optional.of(graph) : Optional.empty();
  }

  /**
   * The RED metrics of {@code service} in every minute the window touches, or empty when some of it
   * has no digest. {@link RedMetrics#series} then picks the window's steps.
   */
  public static Optional<RedMetrics> red(
      TraceSource source, String tenant, String service, TimeRange range) {
    RedMetrics red = RedMetrics.create();
    boolean digested =
        source.traceDigests(
            tenant,
            ServiceGraphDigester.NAME,
            wholeMinutes(range),
            digest -> GraphDigest.mergeRedInto(red, digest, service));
    return digested ? Optional.of(red) : Optional.empty();
  }

  private static TimeRange wholeMinutes(TimeRange range) {
    long start = ServiceGraphTimeline.minuteOf(range.startNanos());
    long lastMinute = ServiceGraphTimeline.minuteOf(range.endNanos() - 1);
    long end =
        lastMinute > Long.MAX_VALUE - ServiceGraphTimeline.MINUTE_NANOS
            ? Long.MAX_VALUE
            : lastMinute + ServiceGraphTimeline.MINUTE_NANOS;
    return new TimeRange(start, end);
  }
}
