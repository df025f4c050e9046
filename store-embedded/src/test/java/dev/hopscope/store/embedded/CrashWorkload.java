package dev.hopscope.store.embedded;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.Status;
import dev.hopscope.model.TraceId;
import java.util.ArrayList;
import java.util.List;

/**
 * The batches the crash test's child writes, regenerated exactly by the parent from the sequence
 * number alone: batch {@code seq} holds {@link #TRACES_PER_BATCH} traces of {@link
 * #SPANS_PER_TRACE} spans, plus a late span of the previous batch's first trace.
 */
final class CrashWorkload {
  static final int TRACES_PER_BATCH = 4;
  static final int SPANS_PER_TRACE = 5;
  static final String TENANT = "crash";
  private static final Resource[] RESOURCES = {
    Resource.of(Attributes.of(Resource.SERVICE_NAME, AttributeValue.of("webapp"))),
    Resource.of(Attributes.of(Resource.SERVICE_NAME, AttributeValue.of("auth")))
  };

  private CrashWorkload() {}

  static TraceId traceId(long seq, int k) {
    return new TraceId(0xC0FFEE00L + k, seq + 1);
  }

  static long spanId(long seq, int k, int i) {
    return (seq + 1) * 1000 + k * 100 + i + 1;
  }

  static List<Span> spans(long seq, long baseNanos) {
    List<Span> out = new ArrayList<>();
    long start = baseNanos + seq * 1_000_000;
    for (int k = 0; k < TRACES_PER_BATCH; k++) {
      for (int i = 0; i < SPANS_PER_TRACE; i++) {
        out.add(
            span(traceId(seq, k), spanId(seq, k, i), i == 0 ? 0 : spanId(seq, k, 0), start + i, i));
      }
    }
    if (seq > 0) {
      // A late span of the previous batch's first trace: traces arrive in pieces.
      out.add(span(traceId(seq - 1, 0), spanId(seq - 1, 0, 99), spanId(seq - 1, 0, 0), start, 99));
    }
    return out;
  }

  private static Span span(TraceId trace, long id, long parent, long start, int i) {
    return Span.builder(trace, new SpanId(id))
        .parentSpanId(parent == 0 ? null : new SpanId(parent))
        .name("op-" + (i % 3))
        .kind(i == 0 ? SpanKind.SERVER : SpanKind.CLIENT)
        .startNanos(start)
        .endNanos(start + 1000 + i)
        .attributes(
            Attributes.builder().put("i", (long) i).put("http.route", "/r/" + (i % 2)).build())
        .status(i == 3 ? Status.error("boom") : Status.OK)
        .resource(RESOURCES[i % 2])
        .build();
  }

  static SpanBatch batch(long seq, long baseNanos) {
    return SpanBatch.of(spans(seq, baseNanos));
  }
}
