package dev.hopscope.server.api.compat;

import dev.hopscope.model.Span;
import dev.hopscope.model.TraceId;
import dev.hopscope.query.TraceMatch;
import dev.hopscope.query.compat.LogfmtTags;
import dev.hopscope.query.compat.TraceQlBuilder;
import dev.hopscope.server.api.ApiException;
import dev.hopscope.server.api.compat.Replies.ErrorStyle;
import dev.hopscope.server.api.compat.Replies.Reply;
import dev.hopscope.store.TimeRange;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Tempo's query API under {@code /tempo}, the URL Grafana's Tempo data source is given. Errors are
 * plain text, as Tempo writes them; Grafana shows the text.
 */
final class TempoApi {
  static final String BASE = "/tempo/api";
  static final String PROTOBUF = "application/protobuf";

  /** Grafana always sends start/end; without them we search this far back. */
  static final Duration DEFAULT_LOOKBACK = Duration.ofHours(1);

  /** Tempo's defaults for results and spans per spanset. */
  static final int DEFAULT_LIMIT = 20;

  static final int DEFAULT_SPSS = 3;

  /** The Tempo release whose API this one follows; Grafana reads it to pick features. */
  static final String TEMPO_VERSION = "2.6.0";

  private final Searches searches;

  TempoApi(Searches searches) {
    this.searches = searches;
  }

  void mount(Router router) {
    router
        .get(BASE + "/echo")
        .handler(ctx -> ctx.response().putHeader("Content-Type", Replies.TEXT).end("echo"));
    router.get(BASE + "/status/buildinfo").handler(this::buildInfo);
    router.get(BASE + "/traces/:traceId").handler(ctx -> trace(ctx, false));
    router.get(BASE + "/v2/traces/:traceId").handler(ctx -> trace(ctx, true));
    router.get(BASE + "/search").handler(this::search);
    new TempoTags(searches).mount(router, BASE);
    new TempoMetricsApi(searches).mount(router, BASE);
  }

  private void buildInfo(RoutingContext ctx) {
    Replies.json(
        ctx,
        ErrorStyle.PLAIN_TEXT,
        tenant ->
            new JsonObject()
                .put("version", TEMPO_VERSION)
                .put("revision", "hopscope")
                .put("branch", "")
                .put("buildUser", "")
                .put("buildDate", "")
                .put("goVersion", ""));
  }

  /**
   * A trace by id: protobuf when the client accepts it (Grafana does), else JSON; v1 answers {@code
   * tempopb.Trace} ({@code {"batches":[..]}}), v2 a {@code TraceByIDResponse}.
   */
  private void trace(RoutingContext ctx, boolean v2) {
    boolean protobuf =
        Optional.ofNullable(ctx.request().getHeader("Accept")).orElse("").contains(PROTOBUF);
    Replies.answer(
        ctx,
        ErrorStyle.PLAIN_TEXT,
        tenant -> {
          TraceId id = Params.traceId(Params.path(ctx, "traceId"));
          List<Span> spans = searches.traceOr404(tenant, id).spans();
          if (protobuf) {
            byte[] body = v2 ? TempoProtobuf.traceByIdResponse(spans) : TempoProtobuf.trace(spans);
            return new Reply(200, PROTOBUF, Buffer.buffer(body));
          }
          return Reply.json(v2 ? TempoTraceJson.v2(spans) : TempoTraceJson.v1(spans));
        });
  }

  private void search(RoutingContext ctx) {
    Replies.json(
        ctx,
        ErrorStyle.PLAIN_TEXT,
        tenant -> {
          int limit = Params.integer(ctx, DEFAULT_LIMIT, 1, Integer.MAX_VALUE, "limit");
          int spss = Params.integer(ctx, DEFAULT_SPSS, 1, Integer.MAX_VALUE, "spss");
          Optional<Duration> min = Params.goDuration(ctx, "minDuration");
          Optional<Duration> max = Params.goDuration(ctx, "maxDuration");
          Optional<String> q = Params.first(ctx, "q");
          String query;
          if (q.isPresent()) {
            query = q.get();
          } else {
            // The legacy search form: logfmt tags and trace durations.
            TraceQlBuilder builder = TraceQlBuilder.create();
            Params.first(ctx, "tags").ifPresent(tags -> builder.tags(LogfmtTags.parse(tags)));
            min.ifPresent(builder::minTraceDuration);
            max.ifPresent(builder::maxTraceDuration);
            query = builder.build();
          }
          Searches.Found found =
              searches.search(tenant, query, window(ctx), Math.min(limit, Searches.MAX_RESULTS));
          JsonArray traces = new JsonArray();
          for (TraceMatch match : found.matches()) {
            long duration = match.trace().durationNanos();
            // With q, Tempo still applies the duration bounds to the whole trace.
            if (min.isPresent() && duration < min.get().toNanos()
                || max.isPresent() && duration > max.get().toNanos()) {
              continue;
            }
            traces.add(TempoSearchJson.trace(match, spss));
          }
          return new JsonObject()
              .put("traces", traces)
              .put("metrics", TempoSearchJson.metrics(found.inspectedTraces()));
        });
  }

  private TimeRange window(RoutingContext ctx) {
    return window(searches, ctx);
  }

  /** {@code start}/{@code end} in epoch seconds, end inclusive of its whole second. */
  static TimeRange window(Searches searches, RoutingContext ctx) {
    Instant now = searches.clock.instant();
    Instant end =
        Params.first(ctx, "end").isPresent()
            ? Instant.ofEpochSecond(Params.number(ctx, "end", "seconds") + 1)
            : now;
    Instant start =
        Params.first(ctx, "start").isPresent()
            ? Instant.ofEpochSecond(Params.number(ctx, "start", "seconds"))
            : end.minus(DEFAULT_LOOKBACK);
    if (end.isBefore(start)) {
      throw new ApiException(400, "end is before start; send start <= end (epoch seconds)");
    }
    return new TimeRange(Params.nanos(start), Params.nanos(end));
  }
}
