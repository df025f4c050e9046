package dev.hopscope.query;

import dev.hopscope.query.traceql.AttributeScope;
import dev.hopscope.query.traceql.FieldExpr;
import dev.hopscope.query.traceql.SpansetExpr;
import dev.hopscope.query.traceql.Stage;
import dev.hopscope.query.traceql.TraceQlQuery;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The attributes a query's spanset filters mention, reported with each matched span. */
final class ComparedAttributes {
  private ComparedAttributes() {}

  static List<FieldExpr.Attribute> of(TraceQlQuery query) {
    Set<String> seen = new LinkedHashSet<>();
    List<FieldExpr.Attribute> out = new ArrayList<>();
    stage(query.pipeline(), seen, out);
    return out;
  }

  private static void stage(Stage stage, Set<String> seen, List<FieldExpr.Attribute> out) {
    switch (stage) {
      case SpansetExpr.Pipeline pipeline -> pipeline.stages().forEach(s -> stage(s, seen, out));
      case SpansetExpr.Operation operation -> {
        stage(operation.left(), seen, out);
        stage(operation.right(), seen, out);
      }
      case SpansetExpr.Filter filter -> filter.condition().ifPresent(c -> field(c, seen, out));
      default -> {}
    }
  }

  private static void field(FieldExpr expr, Set<String> seen, List<FieldExpr.Attribute> out) {
    switch (expr) {
      case FieldExpr.Attribute attribute -> {
        // A span has many events and links, so their attributes have no one value to report.
        boolean perSpan =
            attribute.scope() != AttributeScope.EVENT && attribute.scope() != AttributeScope.LINK;
        if (perSpan && seen.add(attribute.toString())) {
          out.add(attribute);
        }
      }
      case FieldExpr.Binary binary -> {
        field(binary.left(), seen, out);
        field(binary.right(), seen, out);
      }
      case FieldExpr.Unary unary -> field(unary.operand(), seen, out);
      default -> {}
    }
  }
}
