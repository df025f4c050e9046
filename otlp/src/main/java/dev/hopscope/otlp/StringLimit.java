package dev.hopscope.otlp;

/**
 * The one length rule for every string a span carries — names, keys, values, status messages, event
 * names, trace states, service names — on every protocol, with one message. Before it, only
 * attribute values were measured, so a Zipkin service name or an OTLP span name of any size got in
 * (issue 25); one rule in one place keeps the decoders from drifting apart again.
 */
final class StringLimit {
  private StringLimit() {}

  /**
   * Reports {@code what} (e.g. {@code "name"}, {@code "attribute 'http.url' string value"}) when
   * its UTF-8 length is over {@code limit}; the caller's rejection names the span.
   */
  static void check(Problem problem, String what, int bytes, int limit) {
    if (bytes > limit) {
      problem.report(RejectReason.ATTRIBUTE_VALUE_TOO_LONG, message(what, bytes, limit));
    }
  }

  /** As {@link #check(Problem, String, int, int)} for decoded text. */
  static void check(Problem problem, String what, String text, int limit) {
    // A UTF-16 unit is at most 3 UTF-8 bytes: most strings need no measuring at all.
    if ((long) text.length() * 3 > limit) {
      check(problem, what, Utf8.length(text), limit);
    }
  }

  static String message(String what, int bytes, int limit) {
    return what
        + " is "
        + bytes
        + " bytes, over the limit of "
        + limit
        + " (limits.maxAttributeValueLength); shorten it in the sender (OTel SDKs truncate"
        + " attribute values at OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT) or raise"
        + " limits.maxAttributeValueLength";
  }
}
