package dev.hopscope.query.traceql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed and validated TraceQL metrics query ({@code { } | rate() by (name)}). {@link
 * #toString()} is the normalised form.
 *
 * @param hints {@code with (...)}: {@code exemplars = false} turns exemplars off; {@code sample} is
 *     accepted and ignored (answers are always exact, which sampling approximates)
 */
public record MetricsQuery(String text, MetricsExpr root, Map<String, Value> hints) {
  public MetricsQuery {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(root, "root");
    hints = Collections.unmodifiableMap(new LinkedHashMap<>(hints));
  }

  /**
   * Parses and validates a metrics query.
   *
   * @throws TraceQlException naming the position and what was expected there; a search query (no
   *     metrics function) is refused with a message saying so
   */
  public static MetricsQuery parse(String text) {
    Objects.requireNonNull(text, "query");
    MetricsParser.Parsed parsed = MetricsParser.parse(text);
    MetricsValidator.validate(text, parsed.root(), parsed.hints());
    return new MetricsQuery(text, parsed.root(), parsed.hints());
  }

  /**
   * True when the text uses a metrics function ({@code rate(}, {@code compare(}...), so it belongs
   * to the metrics endpoints rather than search. Never throws: text that does not lex is not one.
   */
  public static boolean isMetricsQuery(String text) {
    try {
      return MetricsParser.usesMetricsFunction(Lexer.tokenize(text));
    } catch (TraceQlException e) {
      return false;
    }
  }

  /** False when {@code with (exemplars = false)} turns exemplars off. */
  public boolean exemplarsWanted() {
    return !(hints.get("exemplars") instanceof Value.BoolValue b && !b.value());
  }

  /** The normalised form: equal for queries that differ only in spacing, units or parentheses. */
  public String normalized() {
    if (hints.isEmpty()) {
      return MetricsPrinter.expr(root);
    }
    List<String> pairs = new ArrayList<>();
    hints.forEach((name, value) -> pairs.add(name + " = " + value.toTraceQl()));
    return MetricsPrinter.expr(root) + " with (" + String.join(", ", pairs) + ")";
  }

  @Override
  public String toString() {
    return normalized();
  }
}
