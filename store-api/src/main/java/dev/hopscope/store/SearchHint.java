package dev.hopscope.store;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.StatusCode;

/**
 * A predicate a store may push down. Each hint is a necessary condition for a trace to match: a
 * matching trace has at least one span satisfying a span hint, and as a whole satisfies a trace
 * hint ({@link MinTraceDuration}). Stores may ignore any hint.
 */
public sealed interface SearchHint {

  /** Some span's resource has {@code service.name} equal to this. */
  record ServiceName(String name) implements SearchHint {}

  /** Some span is named this. */
  record SpanName(String name) implements SearchHint {}

  /** Some span has this status. */
  record Status(StatusCode code) implements SearchHint {}

  /** Some span lasts at least this long. */
  record MinSpanDuration(long nanos) implements SearchHint {}

  /** Some span lasts at most this long. */
  record MaxSpanDuration(long nanos) implements SearchHint {}

  /**
   * The trace lasts at least this long: its latest span end minus its earliest span start, over all
   * its spans (TraceQL's {@code traceDuration}). A trace hint: no single span decides it.
   */
  record MinTraceDuration(long nanos) implements SearchHint {}

  /** Where an attribute lives; {@code ANY} matches span or resource attributes. */
  enum Scope {
    SPAN,
    RESOURCE,
    ANY
  }

  /**
   * Some span (or its resource) carries the attribute with exactly this value, or an array
   * attribute one of whose elements is exactly this value (TraceQL's {@code = "v"} matches array
   * elements). See {@link SearchHints#valueMatches}.
   */
  record AttributeEquals(Scope scope, String key, AttributeValue value) implements SearchHint {}
}
