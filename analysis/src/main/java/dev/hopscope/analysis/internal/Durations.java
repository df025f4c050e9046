package dev.hopscope.analysis.internal;

import java.util.Locale;

/** Formats nanoseconds the way findings print them: whole milliseconds once they matter. */
public final class Durations {
  private Durations() {}

  /** "840 ms", "12.5 s", "350 µs", "0 ms". */
  public static String format(long nanos) {
    long abs = Math.abs(nanos);
    String sign = nanos < 0 ? "-" : "";
    if (abs >= 10_000_000_000L) {
      return sign + String.format(Locale.ROOT, "%.1f s", abs / 1e9);
    }
    if (abs >= 1_000_000L || abs == 0) {
      return sign + Math.round(abs / 1e6) + " ms";
    }
    return sign + Math.round(abs / 1e3) + " µs";
  }

  /** Like {@link #format} with an explicit "+" for positive values: "+37 ms". */
  public static String formatSigned(long nanos) {
    return (nanos > 0 ? "+" : "") + format(nanos);
  }

  /** Whole percent of {@code part} in {@code whole}; 0 when the whole is empty. */
  public static long percent(long part, long whole) {
    return whole <= 0 ? 0 : Math.round(100.0 * part / whole);
  }
}
