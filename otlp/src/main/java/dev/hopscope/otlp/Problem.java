package dev.hopscope.otlp;

/**
 * The first validation failure found in the span (or resource, or scope) being decoded. Decoding
 * goes on after a failure, so that the rest of the body is still checked for structure, but only
 * the first failure is reported: one reason per rejected span keeps the counts honest.
 */
final class Problem {
  private RejectReason reason;
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

  RejectReason reason() {
    return reason;
  }

  String detail() {
    return detail;
  }
}
