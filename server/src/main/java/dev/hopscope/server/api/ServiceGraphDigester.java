package dev.hopscope.server.api;

import dev.hopscope.analysis.graph.GraphDigest;
import dev.hopscope.analysis.graph.ServiceGraphTimeline;
import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import dev.hopscope.store.digest.TraceDigester;
import java.util.List;

/**
 * The service graph a store keeps per block: who called whom, per minute, with the edges' latency
 * and gap sketches ({@link GraphDigest}). The map of an hour then merges a few dozen small graphs
 * instead of analysing every trace of the hour.
 */
public final class ServiceGraphDigester implements TraceDigester {
  /** Changes whenever what {@link GraphDigest} holds or how a trace is counted changes. */
  public static final String NAME = "service-graph/1";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Digest start() {
    ServiceGraphTimeline timeline = ServiceGraphTimeline.create();
    return new Digest() {
      @Override
      public void add(List<Span> spans) {
        timeline.add(new Trace(spans.get(0).traceId(), spans));
      }

      @Override
      public byte[] finish() {
        return GraphDigest.encode(timeline);
      }
    };
  }
}
