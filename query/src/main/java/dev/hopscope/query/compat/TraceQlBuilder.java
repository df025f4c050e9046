package dev.hopscope.query.compat;

import dev.hopscope.query.traceql.AttributeScope;
import dev.hopscope.query.traceql.TraceQlQuery;
import dev.hopscope.query.traceql.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes the TraceQL for the search forms of the compatibility APIs, so that the Tempo and Jaeger
 * APIs run through the same engine as the native one. All conditions go into one spanset filter: a
 * trace matches when one span meets them all, as Jaeger's search means it.
 *
 * <pre>{@code
 * TraceQlBuilder.create().serviceName("auth").spanName("GET /").tag("http.status_code", "500")
 *     .minSpanDuration(Duration.ofMillis(100)).build()
 * // { resource.service.name = "auth" && name = "GET /" && (.http.status_code = "500"
 * //   || .http.status_code = 500) && duration >= 100ms }
 * }</pre>
 */
public final class TraceQlBuilder {
  private final List<String> conditions = new ArrayList<>();

  private TraceQlBuilder() {}

  public static TraceQlBuilder create() {
    return new TraceQlBuilder();
  }

  public TraceQlBuilder serviceName(String service) {
    conditions.add("resource.service.name = " + Value.traceQlString(service));
    return this;
  }

  public TraceQlBuilder spanName(String name) {
    conditions.add("name = " + Value.traceQlString(name));
    return this;
  }

  /**
   * A tag as Jaeger and Tempo's legacy search take it. The key is used as a TraceQL attribute:
   * {@code span.x} and {@code resource.x} keep their scope, anything else is unscoped ({@code .x},
   * span then resource). Values arrive as text, so one that reads as a number or boolean also
   * matches an attribute of that type. Jaeger's conventions map to intrinsics: {@code error=true}
   * is {@code status = error}, {@code span.kind=server} is {@code kind = server}, {@code
   * otel.status_code=ERROR} is {@code status = error}.
   */
  public TraceQlBuilder tag(String key, String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (key.equals("error") && (lower.equals("true") || lower.equals("false"))) {
      conditions.add(lower.equals("true") ? "status = error" : "status != error");
      return this;
    }
    if (key.equals("otel.status_code")
        && (lower.equals("ok") || lower.equals("error") || lower.equals("unset"))) {
      conditions.add("status = " + lower);
      return this;
    }
    if (key.equals("span.kind")
        && List.of("server", "client", "producer", "consumer", "internal").contains(lower)) {
      conditions.add("kind = " + lower);
      return this;
    }
    String attribute = attribute(key);
    String asText = attribute + " = " + Value.traceQlString(value);
    String typed = typedLiteral(value);
    conditions.add(
        typed == null ? asText : "(" + asText + " || " + attribute + " = " + typed + ")");
    return this;
  }

  public TraceQlBuilder tags(Map<String, String> tags) {
    tags.forEach(this::tag);
    return this;
  }

  /** Some matching span lasts at least this long (Jaeger's {@code minDuration}). */
  public TraceQlBuilder minSpanDuration(Duration duration) {
    conditions.add("duration >= " + nanos(duration));
    return this;
  }

  /** Some matching span lasts at most this long (Jaeger's {@code maxDuration}). */
  public TraceQlBuilder maxSpanDuration(Duration duration) {
    conditions.add("duration <= " + nanos(duration));
    return this;
  }

  /** The trace lasts at least this long (Tempo's {@code minDuration}). */
  public TraceQlBuilder minTraceDuration(Duration duration) {
    conditions.add("traceDuration >= " + nanos(duration));
    return this;
  }

  /** The trace lasts at most this long (Tempo's {@code maxDuration}). */
  public TraceQlBuilder maxTraceDuration(Duration duration) {
    conditions.add("traceDuration <= " + nanos(duration));
    return this;
  }

  /** The query text, normalised; {@code { }} when no condition was added. */
  public String build() {
    String text = conditions.isEmpty() ? "{ }" : "{ " + String.join(" && ", conditions) + " }";
    // Parsing checks that every piece was escaped right and gives the canonical spelling.
    return TraceQlQuery.parse(text).normalized();
  }

  private static String attribute(String key) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("tag key is empty; write key=value");
    }
    for (AttributeScope scope :
        new AttributeScope[] {AttributeScope.SPAN, AttributeScope.RESOURCE}) {
      String prefix = scope.prefix() + ".";
      if (key.startsWith(prefix) && key.length() > prefix.length()) {
        return scope.reference(key.substring(prefix.length()));
      }
    }
    return AttributeScope.NONE.reference(key);
  }

  /** The value as an int, float or bool literal when it reads as one, else null. */
  private static @Nullable String typedLiteral(String value) {
    if (value.equals("true") || value.equals("false")) {
      return value;
    }
    if (value.matches("-?\\d{1,18}")) {
      return value;
    }
    if (value.matches("-?\\d{1,15}\\.\\d{1,15}")) {
      return value;
    }
    return null;
  }

  private static String nanos(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative; received " + duration);
    }
    return duration.toNanos() + "ns";
  }
}
