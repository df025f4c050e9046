package dev.hopscope.query.traceql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed and validated TraceQL query. {@link #toString()} is the normalised form.
 *
 * @param text the query as written
 * @param pipeline the root: every query is a pipeline of one or more stages
 * @param hints Tempo-style query hints, {@code with (most_recent = true)}; kept in the normalised
 *     form but not acted on: searches are always in a definite order, which is what {@code
 *     most_recent} asks of Tempo
 */
public record TraceQlQuery(String text, SpansetExpr.Pipeline pipeline, Map<String, Value> hints) {
  public TraceQlQuery {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(pipeline, "pipeline");
    hints = Collections.unmodifiableMap(new LinkedHashMap<>(hints));
  }

  /**
   * Parses and validates a query.
   *
   * @throws TraceQlException naming the position and what was expected there
   */
  public static TraceQlQuery parse(String text) {
    Objects.requireNonNull(text, "query");
    Parser.Parsed parsed = Parser.parse(text);
    Validator.validate(text, parsed.pipeline());
    return new TraceQlQuery(text, parsed.pipeline(), parsed.hints());
  }

  /** The normalised form: equal for queries that differ only in spacing, units or parentheses. */
  public String normalized() {
    if (hints.isEmpty()) {
      return Printer.pipeline(pipeline);
    }
    List<String> pairs = new ArrayList<>();
    hints.forEach((name, value) -> pairs.add(name + " = " + value.toTraceQl()));
    return Printer.pipeline(pipeline) + " with (" + String.join(", ", pairs) + ")";
  }

  @Override
  public String toString() {
    return normalized();
  }
}
