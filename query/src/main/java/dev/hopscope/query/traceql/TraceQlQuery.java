package dev.hopscope.query.traceql;

import java.util.Objects;

/**
 * A parsed and validated TraceQL query. {@link #toString()} is the normalised form.
 *
 * @param text the query as written
 * @param pipeline the root: every query is a pipeline of one or more stages
 */
public record TraceQlQuery(String text, SpansetExpr.Pipeline pipeline) {
  public TraceQlQuery {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(pipeline, "pipeline");
  }

  /**
   * Parses and validates a query.
   *
   * @throws TraceQlException naming the position and what was expected there
   */
  public static TraceQlQuery parse(String text) {
    Objects.requireNonNull(text, "query");
    SpansetExpr.Pipeline pipeline = Parser.parse(text);
    Validator.validate(text, pipeline);
    return new TraceQlQuery(text, pipeline);
  }

  /** The normalised form: equal for queries that differ only in spacing, units or parentheses. */
  public String normalized() {
    return Printer.pipeline(pipeline);
  }

  @Override
  public String toString() {
    return normalized();
  }
}
