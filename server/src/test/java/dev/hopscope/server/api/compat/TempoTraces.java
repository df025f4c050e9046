package dev.hopscope.server.api.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.hopscope.server.api.compat.tempopb.PartialStatus;
import dev.hopscope.server.api.compat.tempopb.Trace;
import dev.hopscope.server.api.compat.tempopb.TraceByIDResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads binary trace answers as Grafana's Tempo data source does, with the checks that keep its Go
 * code from dereferencing a nil message: Resource, Scope and Status present everywhere.
 */
final class TempoTraces {
  private TempoTraces() {}

  /** A complete {@code TraceByIDResponse}'s spans; fails on fields Tempo does not declare. */
  static List<Span> spans(byte[] body) throws InvalidProtocolBufferException {
    TraceByIDResponse answer = TraceByIDResponse.parseFrom(body);
    assertThat(answer.getUnknownFields().asMap()).as("undeclared fields").isEmpty();
    assertThat(answer.getStatus()).isEqualTo(PartialStatus.COMPLETE);
    assertThat(answer.getMessage()).isEmpty();
    assertThat(answer.hasTrace()).isTrue();
    return spans(answer.getTrace());
  }

  static List<Span> spans(Trace trace) {
    List<Span> spans = new ArrayList<>();
    for (ResourceSpans resourceSpans : trace.getResourceSpansList()) {
      assertThat(resourceSpans.hasResource()).as("Resource").isTrue();
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        assertThat(scopeSpans.hasScope()).as("Scope").isTrue();
        spans.addAll(scopeSpans.getSpansList());
      }
    }
    for (Span span : spans) {
      assertThat(span.hasStatus()).as("Status of " + span.getName()).isTrue();
      assertThat(span.getTraceId().size()).isEqualTo(16);
      assertThat(span.getSpanId().size()).isEqualTo(8);
      // A root has no parent field at all: 8 zero bytes would name a missing parent.
      assertThat(span.getParentSpanId().size()).isIn(0, 8);
    }
    return spans;
  }
}
