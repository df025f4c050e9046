package dev.hopscope.query.metrics;

import dev.hopscope.query.traceql.Value;
import org.jspecify.annotations.Nullable;

/**
 * Tempo's histogram buckets: a value falls in the bucket of the next power of two at or above it
 * (durations in nanoseconds, reported in seconds; ints as they are). Values below 2 and floats have
 * no bucket, as in Tempo.
 */
final class Log2Buckets {
  private Log2Buckets() {}

  /** The {@code __bucket} label value of a value, or null when it has none. */
  static @Nullable Value bucket(Value value) {
    long raw = sketchable(value);
    if (raw < 2) {
      return null;
    }
    double upper = Math.scalb(1.0, 64 - Long.numberOfLeadingZeros(raw - 1));
    return new Value.FloatValue(value instanceof Value.DurationValue ? upper / 1e9 : upper);
  }

  /** The value as a whole number for a sketch: nanoseconds, or the int; -1 for anything else. */
  static long sketchable(Value value) {
    return switch (value) {
      case Value.DurationValue d -> Math.max(0, d.nanos());
      case Value.IntValue i -> Math.max(0, i.value());
      default -> -1;
    };
  }
}
