package dev.hopscope.server.api.compat;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.StatusCode;
import dev.hopscope.query.MatchedSpan;
import dev.hopscope.query.MatchedSpanset;
import dev.hopscope.query.TraceMatch;
import dev.hopscope.query.traceql.TraceQlQuery;
import dev.hopscope.server.api.compat.Replies.ErrorStyle;
import dev.hopscope.store.TimeRange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Tempo's tag autocomplete: tag names by scope and typed tag values, what Grafana's TraceQL editor
 * and search form call on every keystroke. Never an error for a half-typed query.
 */
final class TempoTags {
  /** The intrinsics our TraceQL supports, in the {@code intrinsic} scope Grafana lists. */
  static final List<String> INTRINSICS =
      List.of(
          "duration",
          "event:name",
          "kind",
          "name",
          "rootName",
          "rootServiceName",
          "status",
          "statusMessage",
          "traceDuration");

  /** Tag values are read from at most this many traces matching the query typed so far. */
  static final int VALUE_SAMPLE = 1_000;

  static final int DEFAULT_VALUE_LIMIT = 1_000;

  private static final java.util.regex.Pattern COMPARISON =
      java.util.regex.Pattern.compile("[=<>~]");

  private final Searches searches;

  TempoTags(Searches searches) {
    this.searches = searches;
  }

  void mount(Router router, String base) {
    router.get(base + "/search/tags").handler(this::tagNames);
    router.get(base + "/v2/search/tags").handler(this::scopedTagNames);
    router.get(base + "/search/tag/:tag/values").handler(ctx -> tagValues(ctx, false));
    router.get(base + "/v2/search/tag/:tag/values").handler(ctx -> tagValues(ctx, true));
  }

  /** Scoped attribute names from the store catalog, by scope, names without the prefix. */
  private Map<String, TreeSet<String>> scopes(String tenant, TimeRange range) {
    Map<String, TreeSet<String>> scopes = new LinkedHashMap<>();
    scopes.put("resource", new TreeSet<>());
    scopes.put("span", new TreeSet<>());
    for (String name : searches.source.attributeNames(tenant, range)) {
      int dot = name.indexOf('.');
      TreeSet<String> scope = dot > 0 ? scopes.get(name.substring(0, dot)) : null;
      if (scope != null) {
        scope.add(name.substring(dot + 1));
      }
    }
    return scopes;
  }

  private void tagNames(RoutingContext ctx) {
    Replies.json(
        ctx,
        ErrorStyle.PLAIN_TEXT,
        tenant -> {
          TreeSet<String> names = new TreeSet<>();
          Optional<String> scope = Params.first(ctx, "scope");
          scopes(tenant, TempoApi.window(searches, ctx))
              .forEach(
                  (name, tags) -> {
                    if (scope.isEmpty() || scope.get().equals(name)) {
                      names.addAll(tags);
                    }
                  });
          return new JsonObject().put("tagNames", new JsonArray(List.copyOf(names)));
        });
  }

  private void scopedTagNames(RoutingContext ctx) {
    Replies.json(
        ctx,
        ErrorStyle.PLAIN_TEXT,
        tenant -> {
          String wanted = Params.first(ctx, "scope").orElse("all");
          int limit = Params.integer(ctx, Integer.MAX_VALUE, 1, Integer.MAX_VALUE, "limit");
          Map<String, List<String>> scopes = new LinkedHashMap<>();
          scopes(tenant, TempoApi.window(searches, ctx))
              .forEach((name, tags) -> scopes.put(name, List.copyOf(tags)));
          scopes.put("intrinsic", INTRINSICS);
          JsonArray out = new JsonArray();
          scopes.forEach(
              (name, tags) -> {
                if (wanted.equals("all") || wanted.equals(name)) {
                  out.add(
                      new JsonObject()
                          .put("name", name)
                          .put(
                              "tags",
                              new JsonArray(tags.subList(0, Math.min(limit, tags.size())))));
                }
              });
          return new JsonObject().put("scopes", out);
        });
  }

  private void tagValues(RoutingContext ctx, boolean typed) {
    Replies.json(
        ctx,
        ErrorStyle.PLAIN_TEXT,
        tenant -> {
          String tag = Params.path(ctx, "tag");
          int limit = Params.integer(ctx, DEFAULT_VALUE_LIMIT, 1, Integer.MAX_VALUE, "limit");
          Map<String, String> values = new LinkedHashMap<>();
          switch (tag) {
            case "status", "span:status" -> {
              for (StatusCode code : StatusCode.values()) {
                values.put(code.name().toLowerCase(Locale.ROOT), "keyword");
              }
            }
            case "kind", "span:kind" -> {
              for (SpanKind kind : SpanKind.values()) {
                values.put(kind.name().toLowerCase(Locale.ROOT), "keyword");
              }
            }
            default -> sample(tenant, ctx, tag, limit, values);
          }
          JsonArray out = new JsonArray();
          values.entrySet().stream()
              .sorted(Map.Entry.comparingByKey())
              .limit(limit)
              .forEach(
                  entry ->
                      out.add(
                          typed
                              ? new JsonObject()
                                  .put("type", entry.getValue())
                                  .put("value", entry.getKey())
                              : entry.getKey()));
          return new JsonObject().put("tagValues", out);
        });
  }

  /**
   * Values of the tag on the spans that match the complete part of {@code q}, with types. Without a
   * filter, an attribute's values also come from the store's catalog, which sees the whole window
   * rather than a sample; they take the type the sample saw for the tag ({@code string} if none).
   */
  private void sample(
      String tenant, RoutingContext ctx, String tag, int limit, Map<String, String> values) {
    String query = completeMatchers(Params.first(ctx, "q").orElse("{}"));
    TimeRange range = TempoApi.window(searches, ctx);
    for (TraceMatch match : searches.search(tenant, query, range, VALUE_SAMPLE).matches()) {
      for (MatchedSpanset spanset : match.spansets()) {
        for (MatchedSpan matched : spanset.spans()) {
          value(matched.span(), tag).ifPresent(v -> values.putIfAbsent(v.asText(), type(v)));
        }
      }
    }
    if (!TraceQlQuery.parse(query).normalized().equals(TraceQlQuery.parse("{}").normalized())) {
      return;
    }
    String type = values.isEmpty() ? "string" : values.values().iterator().next();
    for (String scoped : catalogNames(tag)) {
      for (String value : searches.source.attributeValues(tenant, scoped, "", range, limit)) {
        values.putIfAbsent(value, type);
      }
    }
  }

  /** The catalog's scoped names for an attribute tag; none for intrinsics. */
  private static List<String> catalogNames(String tag) {
    if (tag.startsWith("resource.") || tag.startsWith("span.")) {
      return List.of(tag);
    }
    if (tag.startsWith(".") && tag.length() > 1) {
      return List.of("span" + tag, "resource" + tag);
    }
    return List.of();
  }

  private static Optional<AttributeValue> value(Span span, String tag) {
    return switch (tag) {
      case "name", "span:name" -> Optional.of(AttributeValue.of(span.name()));
      case "statusMessage", "span:statusMessage" ->
          span.status().message().isEmpty()
              ? Optional.empty()
              : Optional.of(AttributeValue.of(span.status().message()));
      case "rootServiceName", "trace:rootService" ->
          span.isRoot() ? Optional.of(AttributeValue.of(span.serviceName())) : Optional.empty();
      case "rootName", "trace:rootName" ->
          span.isRoot() ? Optional.of(AttributeValue.of(span.name())) : Optional.empty();
      default -> {
        String key = TempoSearchJson.unscoped(tag);
        AttributeValue onSpan = tag.startsWith("resource.") ? null : span.attributes().get(key);
        AttributeValue onResource =
            tag.startsWith("span.") ? null : span.resource().attributes().get(key);
        yield Optional.ofNullable(onSpan != null ? onSpan : onResource);
      }
    };
  }

  /** The value types Grafana tells apart; only {@code string} values are quoted by it. */
  private static String type(AttributeValue value) {
    return switch (value) {
      case AttributeValue.LongValue l -> "int";
      case AttributeValue.DoubleValue d -> "float";
      case AttributeValue.BoolValue b -> "bool";
      default -> "string";
    };
  }

  /**
   * The matchers of a possibly half-typed query that stand on their own: {@code { a = "x" && b = }}
   * keeps {@code a = "x"}. Anything unusable becomes {@code {}}, so autocomplete never fails.
   */
  static String completeMatchers(String q) {
    String text = q.trim();
    if (parses(text)) {
      return text;
    }
    int open = text.indexOf('{');
    if (open < 0) {
      return "{}";
    }
    int close = text.indexOf('}', open);
    String body = close < 0 ? text.substring(open + 1) : text.substring(open + 1, close);
    List<String> kept = new ArrayList<>();
    for (String part : body.split("&&")) {
      String candidate = "{ " + part.trim() + " }";
      // A bare field parses (a boolean test) but is far more often a name still being typed.
      if (COMPARISON.matcher(part).find() && parses(candidate)) {
        kept.add(part.trim());
      }
    }
    return kept.isEmpty() ? "{}" : "{ " + String.join(" && ", kept) + " }";
  }

  private static boolean parses(String text) {
    try {
      TraceQlQuery.parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
