package dev.hopscope.server.api.compat;

import dev.hopscope.query.compat.GoDurations;
import dev.hopscope.query.metrics.MetricsEngine;
import dev.hopscope.query.metrics.MetricsRequest;
import dev.hopscope.query.metrics.MetricsResult;
import dev.hopscope.query.traceql.MetricsQuery;
import dev.hopscope.server.api.ApiException;
import dev.hopscope.server.api.compat.Replies.ErrorStyle;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Tempo's TraceQL metrics endpoints: {@code /api/metrics/query_range} (what Grafana's Tempo data
 * source and Traces Drilldown call) and {@code /api/metrics/query} (one value per series). Times
 * and steps are read as Tempo reads them; the tenant comes from {@code X-Scope-OrgID}.
 */
final class TempoMetricsApi {
  /** Tempo's default window when only {@code end} or nothing is given. */
  static final Duration DEFAULT_SINCE = Duration.ofHours(1);

  /** Exemplars per series when the request does not say; Tempo's frontend default. */
  static final int DEFAULT_EXEMPLARS = 100;

  static final int MAX_EXEMPLARS = 1_000;

  private final Searches searches;
  private final MetricsEngine engine = MetricsEngine.create();

  TempoMetricsApi(Searches searches) {
    this.searches = searches;
  }

  void mount(Router router, String base) {
    router.get(base + "/metrics/query_range").handler(this::range);
    router.get(base + "/metrics/query").handler(this::instant);
  }

  private static boolean protobuf(RoutingContext ctx) {
    return Optional.ofNullable(ctx.request().getHeader("Accept"))
        .orElse("")
        .contains(TempoApi.PROTOBUF);
  }

  private static Replies.Reply reply(RoutingContext ctx, MetricsResult result, boolean instant) {
    if (protobuf(ctx)) {
      byte[] body =
          instant ? TempoMetricsProtobuf.instant(result) : TempoMetricsProtobuf.range(result);
      return new Replies.Reply(200, TempoApi.PROTOBUF, Buffer.buffer(body));
    }
    return Replies.Reply.json(
        instant ? TempoMetricsJson.instant(result) : TempoMetricsJson.range(result));
  }

  private void range(RoutingContext ctx) {
    Replies.answer(
        ctx,
        ErrorStyle.PLAIN_TEXT,
        tenant -> {
          MetricsQuery query = query(ctx);
          Instant[] window = window(ctx);
          long start = Params.nanos(window[0]);
          long end = Params.nanos(window[1]);
          long step =
              Params.first(ctx, "step")
                  .map(TempoMetricsApi::step)
                  .orElseGet(() -> MetricsRequest.defaultStep(start, end));
          int exemplars = Params.integer(ctx, DEFAULT_EXEMPLARS, 0, MAX_EXEMPLARS, "exemplars");
          MetricsRequest request = MetricsRequest.range(start, end, step, exemplars);
          return reply(ctx, run(tenant, query, request), false);
        });
  }

  private void instant(RoutingContext ctx) {
    Replies.answer(
        ctx,
        ErrorStyle.PLAIN_TEXT,
        tenant -> {
          MetricsQuery query = query(ctx);
          Instant[] window = window(ctx);
          MetricsRequest request =
              MetricsRequest.instant(Params.nanos(window[0]), Params.nanos(window[1]));
          return reply(ctx, run(tenant, query, request), true);
        });
  }

  private MetricsResult run(String tenant, MetricsQuery query, MetricsRequest request) {
    return engine.evaluate(searches.source, tenant, query, request, searches.limits);
  }

  /** {@code q}, or {@code query} as Grafana's Prometheus-style client sends it. */
  private static MetricsQuery query(RoutingContext ctx) {
    String text =
        Params.required(ctx, "e.g. q={ } | rate() by (resource.service.name)", "q", "query");
    return MetricsQuery.parse(text);
  }

  /**
   * {@code start} and {@code end} as Tempo reads them (unix seconds, with a fraction, or unix
   * nanoseconds, or RFC 3339); without {@code start}, {@code since} (default 1h) before the end or
   * now, whichever is earlier.
   */
  private static Instant[] window(RoutingContext ctx) {
    Instant now = Instant.now();
    Instant end = Params.first(ctx, "end").map(v -> timestamp("end", v)).orElse(now);
    Duration since = Params.goDuration(ctx, "since").orElse(DEFAULT_SINCE);
    Instant endOrNow = end.isAfter(now) ? now : end;
    Instant start =
        Params.first(ctx, "start").map(v -> timestamp("start", v)).orElse(endOrNow.minus(since));
    if (!end.isAfter(start)) {
      throw new ApiException(400, "end must be after start; send start < end (unix seconds)");
    }
    return new Instant[] {start, end};
  }

  static Instant timestamp(String name, String text) {
    String value = text.trim();
    try {
      if (value.contains(".")) {
        double seconds = Double.parseDouble(value);
        long whole = (long) Math.floor(seconds);
        return Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1000) * 1_000_000L);
      }
      long number = Long.parseLong(value);
      return value.length() <= 10
          ? Instant.ofEpochSecond(number)
          : Instant.ofEpochSecond(0, number);
    } catch (NumberFormatException e) {
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException notRfc3339) {
        throw new ApiException(
            400,
            name
                + "=\""
                + text
                + "\" is not a time; send unix seconds (1733000000), unix nanoseconds or RFC 3339");
      }
    }
  }

  /** Seconds ({@code 30}, {@code 0.5}) or a Go duration ({@code 30s}, {@code 1m}). */
  static long step(String text) {
    String value = text.trim();
    try {
      double seconds = Double.parseDouble(value);
      if (!(seconds > 0) || seconds > 1e9) {
        throw new ApiException(400, "step=" + text + " must be positive; send e.g. step=30s");
      }
      return Math.round(seconds * 1e9);
    } catch (NumberFormatException e) {
      try {
        Duration step = GoDurations.parse(value);
        if (step.isNegative() || step.isZero()) {
          throw new ApiException(400, "step=" + text + " must be positive; send e.g. step=30s");
        }
        return step.toNanos();
      } catch (IllegalArgumentException notDuration) {
        throw new ApiException(
            400, "step=\"" + text + "\" is not a duration; send seconds (30) or e.g. 30s, 1m");
      }
    }
  }
}
