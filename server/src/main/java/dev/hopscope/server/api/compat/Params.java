package dev.hopscope.server.api.compat;

import dev.hopscope.model.TraceId;
import dev.hopscope.query.compat.GoDurations;
import dev.hopscope.server.api.ApiException;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Query parameters as the peers' clients send them. An empty parameter ({@code &minDuration&})
 * counts as absent: Jaeger UI sends its empty form fields that way. Several names may be accepted
 * for one parameter (Jaeger v3 takes both {@code query.service_name} and {@code
 * query.serviceName}).
 */
final class Params {
  private Params() {}

  /** The first non-empty value among the names. */
  static Optional<String> first(RoutingContext ctx, String... names) {
    for (String name : names) {
      for (String value : ctx.request().params().getAll(name)) {
        if (!value.isEmpty()) {
          return Optional.of(value);
        }
      }
    }
    return Optional.empty();
  }

  /** Every non-empty value of a repeated parameter. */
  static List<String> all(RoutingContext ctx, String name) {
    return ctx.request().params().getAll(name).stream().filter(v -> !v.isEmpty()).toList();
  }

  static String required(RoutingContext ctx, String example, String... names) {
    return first(ctx, names)
        .orElseThrow(
            () -> new ApiException(400, "parameter " + names[0] + " is required; " + example));
  }

  static int integer(RoutingContext ctx, int fallback, int min, int max, String... names) {
    Optional<String> value = first(ctx, names);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.get().trim());
      if (parsed < min || parsed > max) {
        throw new ApiException(
            400,
            names[0]
                + "="
                + value.get()
                + " is out of range; use a whole number from "
                + min
                + " to "
                + max);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ApiException(400, names[0] + "=\"" + value.get() + "\" is not a whole number");
    }
  }

  static long number(RoutingContext ctx, String name, String unit) {
    String value = first(ctx, name).orElseThrow();
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new ApiException(
          400, name + "=\"" + value + "\" is not a whole number of " + unit + " since 1970");
    }
  }

  /** A Go duration ({@code 100ms}, {@code 1.2s}), the form Jaeger and Tempo take. */
  static Optional<Duration> goDuration(RoutingContext ctx, String... names) {
    return first(ctx, names)
        .map(
            text -> {
              try {
                return GoDurations.parse(text.trim());
              } catch (IllegalArgumentException e) {
                throw new ApiException(400, names[0] + ": " + e.getMessage());
              }
            });
  }

  static Optional<Instant> rfc3339(RoutingContext ctx, String... names) {
    return first(ctx, names)
        .map(
            text -> {
              try {
                return Instant.parse(text.trim());
              } catch (DateTimeParseException e) {
                throw new ApiException(
                    400,
                    names[0]
                        + "=\""
                        + text
                        + "\" is not an RFC 3339 time; send e.g. 2026-12-01T13:00:00.000Z");
              }
            });
  }

  static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  /**
   * A trace id from a URL: hex of up to 32 digits, any case; shorter ids are left-padded with
   * zeros, since Tempo and Grafana drop leading zeros and Zipkin writes 64-bit ids as 16 digits.
   */
  /** A parameter of the route's path, which Vert.x matched, so it is there. */
  static String path(RoutingContext ctx, String name) {
    return Objects.requireNonNull(ctx.pathParam(name), () -> "the route declares :" + name);
  }

  static TraceId traceId(String text) {
    String hex = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (hex.isEmpty()
        || hex.length() > 32
        || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new ApiException(
          400, "trace id \"" + text + "\" is not valid; send up to 32 hex characters");
    }
    if (hex.chars().allMatch(c -> c == '0')) {
      throw new ApiException(400, "trace id \"" + text + "\" is all zeros, which is not valid");
    }
    return TraceId.fromHex("0".repeat(32 - hex.length()) + hex);
  }
}
