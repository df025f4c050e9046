package dev.hopscope.server.api;

import dev.hopscope.analysis.graph.GraphDigest;
import dev.hopscope.analysis.graph.ServiceGraphTimeline;
import dev.hopscope.analysis.red.RedMetrics;
import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import dev.hopscope.store.digest.TraceDigester;
import java.util.List;

/**
 * The service graph and RED metrics a store keeps per block: who called whom, per minute, with the
 * edges' latency and gap sketches, and each service's operations' rate, errors and durations per
 * minute ({@link GraphDigest}). The map or the RED charts of an hour then merge a few dozen small
 * digests instead of analysing every trace of the hour.
 */
public final class ServiceGraphDigester implements TraceDigester {
  /** Changes whenever what {@link GraphDigest} holds or how a trace is counted changes. */
  public static final String NAME = "service-graph-red/1";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Digest start() {
    ServiceGraphTimeline timeline = ServiceGraphTimeline.create();
    RedMetrics red = RedMetrics.create();
    return new Digest() {
      @Override
      public void add(List<Span> spans) {
        timeline.add(new Trace(spans.get(0).traceId(), spans));
        spans.forEach(red::add);
      }

      @Override
      public byte[] finish() {
        return GraphDigest.encode(timeline, red);
      }
    };
  }
}
