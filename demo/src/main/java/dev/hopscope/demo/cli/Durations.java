package dev.hopscope.demo.cli;

import java.time.Duration;

/**
 * Parses the short durations people type on a command line: {@code 100ms}, {@code 30s}, {@code 2m}.
 */
public final class Durations {
  private Durations() {}

  public static Duration parse(String field, String text) {
    String value = text.trim();
    try {
      if (value.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      }
      if (value.endsWith("s")) {
        return Duration.ofMillis(
            Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
      }
      if (value.endsWith("m")) {
        return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)) * 60);
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(message(field, text), e);
    }
    throw new IllegalArgumentException(message(field, text));
  }

  private static String message(String field, String text) {
    return field + " must be a duration such as 100ms, 30s or 2m, got '" + text + "'";
  }
}
