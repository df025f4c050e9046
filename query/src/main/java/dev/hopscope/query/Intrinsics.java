package dev.hopscope.query;

import dev.hopscope.model.Span;
import dev.hopscope.query.traceql.Intrinsic;
import dev.hopscope.query.traceql.Value;

/** The value of each intrinsic for a span of a trace. */
final class Intrinsics {
  private Intrinsics() {}

  static Value value(Intrinsic intrinsic, TraceContext context, int index) {
    Span span = context.span(index);
    return switch (intrinsic) {
      case NAME -> new Value.StringValue(span.name());
      case STATUS -> new Value.StatusValue(span.status().code());
      case STATUS_MESSAGE -> new Value.StringValue(span.status().message());
      case KIND -> new Value.KindValue(span.kind());
      case DURATION -> new Value.DurationValue(span.durationNanos());
      case ROOT_NAME ->
          context
              .root
              .<Value>map(root -> new Value.StringValue(root.name()))
              .orElse(Value.NilValue.INSTANCE);
      case ROOT_SERVICE_NAME ->
          context
              .root
              .<Value>map(root -> new Value.StringValue(root.serviceName()))
              .orElse(Value.NilValue.INSTANCE);
      case TRACE_DURATION -> new Value.DurationValue(context.traceDurationNanos);
      case TRACE_ID -> new Value.StringValue(span.traceId().toHex());
      case SPAN_ID -> new Value.StringValue(span.spanId().toHex());
      case PARENT_ID ->
          span.parentSpanId()
              .<Value>map(id -> new Value.StringValue(id.toHex()))
              .orElse(Value.NilValue.INSTANCE);
      case INSTRUMENTATION_NAME -> new Value.StringValue(span.scope().name());
      case INSTRUMENTATION_VERSION -> new Value.StringValue(span.scope().version());
      case CHILD_COUNT -> new Value.IntValue(context.childCounts[index]);
      case NESTED_SET_LEFT -> new Value.IntValue(context.nestedSets().left[index]);
      case NESTED_SET_RIGHT -> new Value.IntValue(context.nestedSets().right[index]);
      case NESTED_SET_PARENT -> new Value.IntValue(context.nestedSets().parent[index]);
      // Event and link fields need the event or link under test; FieldEvaluator supplies them.
      case EVENT_NAME, EVENT_TIME_SINCE_START, LINK_TRACE_ID, LINK_SPAN_ID ->
          Value.NilValue.INSTANCE;
    };
  }
}
