package dev.hopscope.query.metrics;

/** How numbers are written where Go would write them (label text): shortest form, no ".0". */
final class MetricsNumbers {
  private MetricsNumbers() {}

  static String format(double value) {
    if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }
}
