package dev.hopscope.query.compat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Parses durations as Go's {@code time.ParseDuration} writes them ({@code 100ms}, {@code 1.5s},
 * {@code 2h45m}), the form Tempo's and Jaeger's {@code minDuration}/{@code maxDuration} take.
 */
public final class GoDurations {
  private static final String[] UNITS = {"ns", "us", "µs", "μs", "ms", "s", "m", "h"};
  private static final long[] NANOS = {
    1L, 1_000L, 1_000L, 1_000L, 1_000_000L, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L
  };

  private GoDurations() {}

  /**
   * @throws IllegalArgumentException naming the input and the expected form
   */
  public static Duration parse(String text) {
    if (text == null || text.isEmpty()) {
      throw invalid(text, "it is empty");
    }
    int pos = 0;
    boolean negative = false;
    if (text.charAt(0) == '-' || text.charAt(0) == '+') {
      negative = text.charAt(0) == '-';
      pos++;
    }
    if (text.substring(pos).equals("0")) {
      return Duration.ZERO;
    }
    if (pos == text.length()) {
      throw invalid(text, "it has no number");
    }
    BigDecimal total = BigDecimal.ZERO;
    while (pos < text.length()) {
      int numberStart = pos;
      while (pos < text.length()
          && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
        pos++;
      }
      String number = text.substring(numberStart, pos);
      if (number.isEmpty()
          || number.equals(".")
          || number.indexOf('.') != number.lastIndexOf('.')) {
        throw invalid(text, "expected a number at position " + (numberStart + 1));
      }
      int unit = unitAt(text, pos);
      if (unit < 0) {
        throw invalid(text, "expected a unit (ns, us, ms, s, m, h) at position " + (pos + 1));
      }
      pos += UNITS[unit].length();
      total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(NANOS[unit])));
    }
    try {
      long nanos = total.setScale(0, RoundingMode.DOWN).longValueExact();
      return Duration.ofNanos(negative ? -nanos : nanos);
    } catch (ArithmeticException e) {
      throw invalid(text, "it is longer than about 292 years");
    }
  }

  private static int unitAt(String text, int pos) {
    int best = -1;
    for (int i = 0; i < UNITS.length; i++) {
      if (text.startsWith(UNITS[i], pos)
          && (best < 0 || UNITS[i].length() > UNITS[best].length())) {
        best = i;
      }
    }
    return best;
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException(
        "duration \""
            + text
            + "\" is not valid: "
            + why
            + "; write a Go duration such as 100ms, 1.5s or 2h45m");
  }
}
