package dev.hopscope.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.StatusCode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadTest {
  private static final long NOW = 1_764_590_000_000_000_000L;

  @Test
  void sameSeedSameTraces() {
    SpanBatch a = new Workload(1).nextBatch(500, 530, NOW).spans();
    SpanBatch b = new Workload(1).nextBatch(500, 530, NOW).spans();
    assertThat(a.toSpans()).isEqualTo(b.toSpans());
    assertThat(new Workload(2).nextBatch(500, 530, NOW).spans().toSpans())
        .isNotEqualTo(a.toSpans());
  }

  @Test
  void tracesAreTreesOfFiveToThirtySpansWithTenAttributes() {
    Workload.Batch batch = new Workload(3).nextBatch(5_000, 5_030, NOW);
    List<Span> spans = batch.spans().toSpans();
    assertThat(spans).hasSizeBetween(5_000, 5_030);
    Map<dev.hopscope.model.TraceId, Set<SpanId>> ids = new HashMap<>();
    for (Span span : spans) {
      ids.computeIfAbsent(span.traceId(), t -> new HashSet<>()).add(span.spanId());
      assertThat(span.attributes().size()).isEqualTo(10);
      assertThat(span.endNanos()).isGreaterThan(span.startNanos());
    }
    for (int i = 0; i < batch.traces(); i++) {
      assertThat(batch.traceSpans()[i]).isBetween(5, 30);
    }
    assertThat(ids).hasSize(batch.traces());
    for (Span span : spans) {
      if (span.parentSpanId().isPresent()) {
        assertThat(ids.get(span.traceId())).contains(span.parentSpanId().get());
      }
    }
    long errors = spans.stream().filter(s -> s.status().code() == StatusCode.ERROR).count();
    assertThat((double) errors / spans.size()).isBetween(0.005, 0.05);
    assertThat(spans).anyMatch(s -> s.kind() == SpanKind.CLIENT);
    assertThat(spans).anyMatch(s -> s.kind() == SpanKind.SERVER && s.parentSpanId().isPresent());
  }

  @Test
  void serverChildrenStartAfterTheirClientAndEndBeforeIt() {
    List<Span> spans = new Workload(4).nextBatch(2_000, 2_030, NOW).spans().toSpans();
    Map<SpanId, Span> byId = new HashMap<>();
    spans.forEach(s -> byId.put(s.spanId(), s));
    int pairs = 0;
    for (Span span : spans) {
      Span parent = span.parentSpanId().map(byId::get).orElse(null);
      if (span.kind() == SpanKind.SERVER && parent != null) {
        assertThat(parent.kind()).isEqualTo(SpanKind.CLIENT);
        assertThat(span.startNanos()).isGreaterThan(parent.startNanos());
        assertThat(span.endNanos()).isLessThan(parent.endNanos());
        assertThat(span.serviceName()).isNotEqualTo(parent.serviceName());
        pairs++;
      }
    }
    assertThat(pairs).isGreaterThan(100);
  }
}
