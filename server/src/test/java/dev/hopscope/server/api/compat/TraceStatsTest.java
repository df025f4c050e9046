package dev.hopscope.server.api.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Attributes;
import dev.hopscope.model.InstrumentationScope;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.Status;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.server.api.TraceSummary.ServiceCount;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceStatsTest {
  private static final TraceId TRACE = new TraceId(0, 0x42);

  private static Span span(long id, long parent, String service, boolean error) {
    Span.Builder builder =
        Span.builder(TRACE, new SpanId(id))
            .name("op" + id)
            .startNanos(1_000 + id)
            .endNanos(2_000 + id)
            .status(error ? Status.error("boom") : Status.UNSET)
            .resource(Resource.of(Attributes.builder().put("service.name", service).build()))
            .scope(InstrumentationScope.EMPTY);
    if (parent != 0) {
      builder.parentSpanId(new SpanId(parent));
    }
    return builder.build();
  }

  @Test
  void countsSpansErrorsAndOrphansPerServiceUnderTheRoot() {
    Trace trace =
        new Trace(
            TRACE,
            List.of(
                span(1, 0, "webapp", false),
                span(2, 1, "auth", true),
                span(3, 2, "auth", false),
                span(4, 99, "db", true)));

    TraceStats stats = TraceStats.of(trace);

    assertThat(stats.hasRoot()).isTrue();
    assertThat(stats.rootServiceName()).isEqualTo("webapp");
    assertThat(stats.rootName()).isEqualTo("op1");
    assertThat(stats.spanCount()).isEqualTo(4);
    assertThat(stats.errorCount()).isEqualTo(2);
    assertThat(stats.orphanCount()).isEqualTo(1);
    assertThat(stats.services())
        .containsExactly(
            new ServiceCount("auth", 2, 1),
            new ServiceCount("db", 1, 1),
            new ServiceCount("webapp", 1, 0));
  }

  /** Tempo shows its placeholder until the root arrives; an orphan never stands in for it. */
  @Test
  void aTraceWhoseRootHasNotArrivedHasNoRoot() {
    Trace trace = new Trace(TRACE, List.of(span(2, 1, "auth", false), span(3, 2, "auth", false)));

    TraceStats stats = TraceStats.of(trace);

    assertThat(stats.hasRoot()).isFalse();
    assertThat(stats.rootServiceName()).isEmpty();
    assertThat(stats.rootName()).isEmpty();
    assertThat(stats.orphanCount()).isEqualTo(1);
    assertThat(stats.services()).containsExactly(new ServiceCount("auth", 2, 0));
  }
}
