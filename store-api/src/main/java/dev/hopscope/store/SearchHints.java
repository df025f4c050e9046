package dev.hopscope.store;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The reference meaning of each {@link SearchHint}: what a trace must contain for the hint to hold.
 * Stores use it to filter exactly; the conformance suite uses it to check that no store drops a
 * trace that can match.
 */
public final class SearchHints {
  private SearchHints() {}

  /**
   * True when the trace satisfies every hint: each span hint by some span, each trace hint by the
   * whole trace.
   */
  public static boolean mayMatch(Trace trace, List<SearchHint> hints) {
    for (SearchHint hint : hints) {
      if (hint instanceof SearchHint.MinTraceDuration min) {
        if (trace.durationNanos() < min.nanos()) {
          return false;
        }
        continue;
      }
      boolean satisfied = false;
      for (Span span : trace.spans()) {
        if (matches(span, hint)) {
          satisfied = true;
          break;
        }
      }
      if (!satisfied) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when this one span satisfies the hint; always true for a trace hint, which one span cannot
   * refute.
   */
  public static boolean matches(Span span, SearchHint hint) {
    return switch (hint) {
      case SearchHint.ServiceName service -> span.serviceName().equals(service.name());
      case SearchHint.SpanName name -> span.name().equals(name.name());
      case SearchHint.Status status -> span.status().code() == status.code();
      case SearchHint.MinSpanDuration min -> span.durationNanos() >= min.nanos();
      case SearchHint.MaxSpanDuration max -> span.durationNanos() <= max.nanos();
      case SearchHint.AttributeEquals equals -> attributeEquals(span, equals);
      case SearchHint.MinTraceDuration trace -> true;
    };
  }

  private static boolean attributeEquals(Span span, SearchHint.AttributeEquals hint) {
    boolean inSpan =
        hint.scope() != SearchHint.Scope.RESOURCE
            && valueMatches(hint.value(), span.attributes().get(hint.key()));
    if (inSpan) {
      return true;
    }
    AttributeValue resourceValue = span.resource().attributes().get(hint.key());
    return hint.scope() != SearchHint.Scope.SPAN && valueMatches(hint.value(), resourceValue);
  }

  /**
   * True when a stored value satisfies an {@link SearchHint.AttributeEquals} value: equal to it, or
   * an array with an element equal to it.
   *
   * @param stored the attribute as stored, null when the span has none
   */
  public static boolean valueMatches(AttributeValue wanted, @Nullable AttributeValue stored) {
    if (wanted.equals(stored)) {
      return true;
    }
    if (stored instanceof AttributeValue.ArrayValue array) {
      for (AttributeValue element : array.values()) {
        if (wanted.equals(element)) {
          return true;
        }
      }
    }
    return false;
  }

  /** True when some span of the trace overlaps the window. */
  public static boolean overlaps(Trace trace, TimeRange range) {
    for (Span span : trace.spans()) {
      if (range.overlaps(span.startNanos(), span.endNanos())) {
        return true;
      }
    }
    return false;
  }
}
