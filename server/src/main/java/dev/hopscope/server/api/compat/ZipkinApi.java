package dev.hopscope.server.api.compat;

import dev.hopscope.analysis.graph.GraphEdge;
import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.Trace;
import dev.hopscope.otlp.ZipkinJsonEncoder;
import dev.hopscope.query.TraceMatch;
import dev.hopscope.query.compat.TraceQlBuilder;
import dev.hopscope.query.traceql.AttributeScope;
import dev.hopscope.query.traceql.Value;
import dev.hopscope.server.api.ApiException;
import dev.hopscope.server.api.compat.Replies.ErrorStyle;
import dev.hopscope.server.api.compat.Replies.Reply;
import dev.hopscope.store.TimeRange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Zipkin's v2 read API on the Zipkin port, what Zipkin Lens calls. Search forms compile to TraceQL;
 * spans go out through the same Zipkin JSON encoder as exports, so an OTLP status ERROR shows as
 * the {@code error} tag Lens marks. Errors are plain text, as Zipkin writes them.
 */
final class ZipkinApi {
  static final String BASE = "/api/v2";

  /** Zipkin's default lookback ({@code QUERY_LOOKBACK}): one day. */
  static final long DEFAULT_LOOKBACK_MS = 86_400_000L;

  /** Zipkin's default number of traces for a search. */
  static final int DEFAULT_LIMIT = 10;

  /** Remote services are read from at most this many recent traces of the service. */
  static final int REMOTE_SERVICE_SAMPLE = 1_000;

  private static final String PEER_SERVICE = "peer.service";

  private final Searches searches;

  ZipkinApi(Searches searches) {
    this.searches = searches;
  }

  void mount(Router router) {
    router.get(BASE + "/services").handler(this::services);
    router.get(BASE + "/spans").handler(this::spanNames);
    router.get(BASE + "/remoteServices").handler(this::remoteServices);
    router.get(BASE + "/traces").handler(this::traces);
    router.get(BASE + "/trace/:traceId").handler(this::trace);
    router.get(BASE + "/traceMany").handler(this::traceMany);
    router.get(BASE + "/dependencies").handler(this::dependencies);
    // Lens asks for these on every load; no keys are configured for autocomplete.
    router.get(BASE + "/autocompleteKeys").handler(ctx -> empty(ctx));
    router.get(BASE + "/autocompleteValues").handler(ctx -> empty(ctx));
    router
        .route()
        .last()
        .handler(
            ctx ->
                Replies.error(
                    ctx,
                    ErrorStyle.PLAIN_TEXT,
                    404,
                    "no Zipkin API at "
                        + ctx.request().method()
                        + " "
                        + ctx.normalizedPath()
                        + "; see docs/api.md (Zipkin-compatible)"));
  }

  private static void empty(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", Replies.JSON).end("[]");
  }

  private void services(RoutingContext ctx) {
    Replies.json(
        ctx,
        ErrorStyle.PLAIN_TEXT,
        tenant -> new JsonArray(searches.source.services(tenant, window(ctx))));
  }

  private void spanNames(RoutingContext ctx) {
    Replies.json(
        ctx,
        ErrorStyle.PLAIN_TEXT,
        tenant -> {
          String service = Params.required(ctx, "send ?serviceName=<name>", "serviceName");
          return new JsonArray(searches.source.operations(tenant, service, window(ctx)));
        });
  }

  /**
   * Services a service calls: the {@code peer.service} of its spans (Zipkin's remote endpoint) and
   * the services of the children of its spans.
   */
  private void remoteServices(RoutingContext ctx) {
    Replies.json(
        ctx,
        ErrorStyle.PLAIN_TEXT,
        tenant -> {
          String service = Params.required(ctx, "send ?serviceName=<name>", "serviceName");
          TreeSet<String> remotes = new TreeSet<>();
          String query = TraceQlBuilder.create().serviceName(service).build();
          for (TraceMatch match :
              searches.search(tenant, query, window(ctx), REMOTE_SERVICE_SAMPLE).matches()) {
            remotes.addAll(remoteServices(match.trace(), service));
          }
          return new JsonArray(List.copyOf(remotes));
        });
  }

  private static List<String> remoteServices(Trace trace, String service) {
    Map<SpanId, Span> byId = new HashMap<>();
    for (Span span : trace.spans()) {
      byId.put(span.spanId(), span);
    }
    List<String> out = new ArrayList<>();
    for (Span span : trace.spans()) {
      if (span.serviceName().equals(service)) {
        AttributeValue peer = span.attributes().get(PEER_SERVICE);
        if (peer != null) {
          out.add(peer.asText());
        }
      } else {
        Span parent = span.parentSpanId().map(byId::get).orElse(null);
        if (parent != null && parent.serviceName().equals(service)) {
          out.add(span.serviceName());
        }
      }
    }
    return out;
  }

  private void traces(RoutingContext ctx) {
    Replies.answer(
        ctx,
        ErrorStyle.PLAIN_TEXT,
        tenant -> {
          int limit = Params.integer(ctx, DEFAULT_LIMIT, 1, Integer.MAX_VALUE, "limit");
          List<String> traces = new ArrayList<>();
          for (TraceMatch match :
              searches
                  .search(tenant, query(ctx), window(ctx), Math.min(limit, Searches.MAX_RESULTS))
                  .matches()) {
            traces.add(ZipkinJsonEncoder.encode(match.trace().spans()));
          }
          return Reply.json("[" + String.join(",", traces) + "]");
        });
  }

  /** Zipkin's search form as TraceQL; all conditions but the remote service hold on one span. */
  static String query(RoutingContext ctx) {
    List<String> conditions = new ArrayList<>();
    Params.first(ctx, "serviceName")
        .ifPresent(s -> conditions.add(inner(TraceQlBuilder.create().serviceName(s))));
    // Lens and older UIs send spanName=all for "any span".
    Params.first(ctx, "spanName")
        .filter(name -> !name.equals("all"))
        .ifPresent(name -> conditions.add(inner(TraceQlBuilder.create().spanName(name))));
    Params.first(ctx, "annotationQuery").ifPresent(q -> conditions.addAll(annotationQuery(q)));
    micros(ctx, "minDuration").ifPresent(d -> conditions.add("duration >= " + d + "us"));
    micros(ctx, "maxDuration").ifPresent(d -> conditions.add("duration <= " + d + "us"));
    String local = "{ " + String.join(" && ", conditions) + " }";
    Optional<String> remote = Params.first(ctx, "remoteServiceName");
    if (remote.isEmpty()) {
      return local;
    }
    String quoted = Value.traceQlString(remote.get());
    List<String> withPeer = new ArrayList<>(conditions);
    withPeer.add("span.peer.service = " + quoted);
    return local
        + " > { resource.service.name = "
        + quoted
        + " } || { "
        + String.join(" && ", withPeer)
        + " }";
  }

  /**
   * Terms joined by {@code and}: {@code key=value} is a tag, a bare {@code key} a tag that exists
   * or an annotation (event) of that name. {@code error} means status ERROR, and {@code error=msg}
   * an error with that message, matching how spans are written out.
   */
  static List<String> annotationQuery(String text) {
    List<String> conditions = new ArrayList<>();
    for (String term : text.trim().split("\\s+and\\s+")) {
      if (term.isBlank()) {
        continue;
      }
      int equals = term.indexOf('=');
      String key = (equals < 0 ? term : term.substring(0, equals)).trim();
      if (key.isEmpty()) {
        throw new ApiException(
            400, "annotationQuery term \"" + term + "\" has no key; write key=value or key");
      }
      if (equals < 0) {
        conditions.add(
            key.equals("error")
                ? "status = error"
                : "("
                    + attribute(key)
                    + " != nil || event:name = "
                    + Value.traceQlString(key)
                    + ")");
      } else {
        String value = term.substring(equals + 1).trim();
        if (key.equals("error") && !value.equals("true") && !value.equals("false")) {
          conditions.add("status = error && statusMessage = " + Value.traceQlString(value));
        } else {
          conditions.add(inner(TraceQlBuilder.create().tag(key, value)));
        }
      }
    }
    return conditions;
  }

  private static String attribute(String key) {
    return AttributeScope.NONE.reference(key);
  }

  /** The condition inside a one-filter query {@code { ... }}. */
  private static String inner(TraceQlBuilder builder) {
    String text = builder.build().trim();
    return text.substring(1, text.length() - 1).trim();
  }

  private static Optional<Long> micros(RoutingContext ctx, String name) {
    if (Params.first(ctx, name).isEmpty()) {
      return Optional.empty();
    }
    long value = Params.number(ctx, name, "microseconds");
    if (value < 0) {
      throw new ApiException(400, name + " must not be negative; send microseconds");
    }
    return Optional.of(value);
  }

  private void trace(RoutingContext ctx) {
    Replies.answer(
        ctx,
        ErrorStyle.PLAIN_TEXT,
        tenant -> {
          var id = Params.traceId(Params.path(ctx, "traceId"));
          return Reply.json(ZipkinJsonEncoder.encode(searches.traceOr404(tenant, id).spans()));
        });
  }

  private void traceMany(RoutingContext ctx) {
    Replies.answer(
        ctx,
        ErrorStyle.PLAIN_TEXT,
        tenant -> {
          String ids = Params.required(ctx, "send ?traceIds=<id>,<id>", "traceIds");
          List<String> traces = new ArrayList<>();
          for (String id : ids.split(",")) {
            if (!id.isBlank()) {
              searches
                  .trace(tenant, Params.traceId(id))
                  .ifPresent(trace -> traces.add(ZipkinJsonEncoder.encode(trace.spans())));
            }
          }
          return Reply.json("[" + String.join(",", traces) + "]");
        });
  }

  private void dependencies(RoutingContext ctx) {
    Replies.json(
        ctx,
        ErrorStyle.PLAIN_TEXT,
        tenant -> {
          JsonArray links = new JsonArray();
          for (GraphEdge edge : searches.graph(tenant, window(ctx)).edges()) {
            links.add(
                new JsonObject()
                    .put("parent", edge.caller())
                    .put("child", edge.callee())
                    .put("callCount", edge.requestCount())
                    .put("errorCount", edge.errorCount()));
          }
          return links;
        });
  }

  /** {@code endTs} (epoch millis, default now) and {@code lookback} (millis, default a day). */
  private TimeRange window(RoutingContext ctx) {
    long endMs =
        Params.first(ctx, "endTs").isPresent()
            ? Params.number(ctx, "endTs", "milliseconds")
            : searches.clock.millis();
    long lookbackMs =
        Params.first(ctx, "lookback").isPresent()
            ? Params.number(ctx, "lookback", "milliseconds")
            : DEFAULT_LOOKBACK_MS;
    return JaegerApi.millisWindow(endMs, lookbackMs);
  }
}
