package dev.hopscope.server.api;

import dev.hopscope.store.TimeRange;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Query-parameter parsing shared by every API, with errors that say what to send instead. */
final class ApiParams {
  private ApiParams() {}

  static String string(RoutingContext ctx, String name, String fallback) {
    String value = optional(ctx, name);
    return value == null ? fallback : value;
  }

  /** The query parameter {@code name}; null when it is missing or empty. */
  static @Nullable String optional(RoutingContext ctx, String name) {
    String value = ctx.request().getParam(name);
    return value == null || value.isEmpty() ? null : value;
  }

  /** A parameter of the route's path, which Vert.x matched, so it is there. */
  static String path(RoutingContext ctx, String name) {
    return Objects.requireNonNull(ctx.pathParam(name), () -> "the route declares :" + name);
  }

  static int integer(RoutingContext ctx, String name, int fallback, int min, int max) {
    String value = ctx.request().getParam(name);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < min || parsed > max) {
        throw new ApiException(
            400,
            name + "=" + value + " is out of range; use a whole number from " + min + " to " + max);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ApiException(400, name + "=\"" + value + "\" is not a whole number");
    }
  }

  /**
   * A window from {@code start}/{@code end}: epoch seconds (Tempo, Grafana), epoch
   * milliseconds/microseconds/nanoseconds by magnitude, or RFC 3339. Defaults to the last {@code
   * lookback} before now.
   */
  static TimeRange window(RoutingContext ctx, InstantSource clock, Duration lookback) {
    Instant now = clock.instant();
    Instant end = instant(ctx, "end", now);
    Instant start = instant(ctx, "start", end.minus(lookback));
    if (end.isBefore(start)) {
      throw new ApiException(400, "end is before start; send start <= end");
    }
    // end is inclusive for users (a span at exactly `end` belongs), the range is half-open.
    return new TimeRange(nanos(start), nanos(end) + 1);
  }

  static Instant instant(RoutingContext ctx, String name, Instant fallback) {
    String value = ctx.request().getParam(name);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    return parseInstant(name, value);
  }

  static Instant parseInstant(String name, String value) {
    String text = value.trim();
    if (text.chars().allMatch(Character::isDigit) && !text.isEmpty()) {
      long number = Long.parseLong(text);
      if (number < 100_000_000_000L) {
        return Instant.ofEpochSecond(number);
      }
      if (number < 100_000_000_000_000L) {
        return Instant.ofEpochMilli(number);
      }
      if (number < 100_000_000_000_000_000L) {
        return Instant.ofEpochSecond(number / 1_000_000, (number % 1_000_000) * 1_000);
      }
      return Instant.ofEpochSecond(number / 1_000_000_000, number % 1_000_000_000);
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new ApiException(
          400,
          name
              + "=\""
              + value
              + "\" is not a time; send epoch seconds or RFC 3339 (2026-12-01T13:00:00Z)");
    }
  }

  static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
