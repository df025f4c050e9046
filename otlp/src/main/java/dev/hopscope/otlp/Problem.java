package dev.hopscope.otlp;

import org.jspecify.annotations.Nullable;

/**
 * The first validation failure found in the span (or resource, or scope) being decoded. Decoding
 * goes on after a failure, so that the rest of the body is still checked for structure, but only
 * the first failure is reported: one reason per rejected span keeps the counts honest.
 */
final class Problem {
  private @Nullable RejectReason reason;
  private String detail = "";

  void reset() {
    reason = null;
    detail = "";
  }

  void report(RejectReason newReason, String newDetail) {
    if (reason == null) {
      reason = newReason;
      detail = newDetail;
    }
  }

  boolean found() {
    return reason != null;
  }

  /** The first failure's reason; only once {@link #found()}. */
  RejectReason reason() {
    return java.util.Objects.requireNonNull(reason, "no problem was found");
  }

  String detail() {
    return detail;
  }

  /**
   * Reports an OTLP span's times when the start is missing or the end comes before it, naming the
   * fields as the request's encoding spells them. Times are unsigned (fixed64 on the wire).
   */
  void reportTimes(long start, long end, String startField, String endField) {
    if (start == 0) {
      // 0 is the default of both encodings: the SDK never set it, and 1970 would wreck every time
      // range.
      report(
          RejectReason.MISSING_TIMESTAMP,
          startField + " is missing (0); set the span's start time in nanoseconds since the epoch");
    } else if (Long.compareUnsigned(end, start) < 0) {
      report(
          RejectReason.END_BEFORE_START,
          endField
              + " "
              + Long.toUnsignedString(end)
              + " is before "
              + startField
              + " "
              + Long.toUnsignedString(start)
              + "; end a span after it starts (check the SDK's clock)");
    }
  }

  /**
   * Reports a count over its limit, naming the limit and the SDK setting that keeps spans under it.
   *
   * @param where the span part counted, e.g. "" for the span itself or "events[2]"
   */
  void reportCount(String where, int count, int limit, RejectReason reason) {
    if (count <= limit) {
      return;
    }
    String[] names =
        switch (reason) {
          case TOO_MANY_EVENTS ->
              new String[] {"events", "limits.maxEventsPerSpan", "OTEL_SPAN_EVENT_COUNT_LIMIT"};
          case TOO_MANY_LINKS ->
              new String[] {"links", "limits.maxLinksPerSpan", "OTEL_SPAN_LINK_COUNT_LIMIT"};
          default ->
              new String[] {
                "attributes", "limits.maxAttributesPerSpan", "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT"
              };
        };
    report(
        reason,
        (where.isEmpty() ? "" : where + " ")
            + "has "
            + count
            + " "
            + names[0]
            + ", over the limit of "
            + limit
            + " ("
            + names[1]
            + "); lower the SDK limit ("
            + names[2]
            + ") or raise the ingest limit");
  }
}
