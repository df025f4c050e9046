package dev.hopscope.query.traceql;

import java.util.ArrayList;
import java.util.List;

/**
 * The normalised form of a metrics query, in the style of {@link Printer}: a metrics pipeline is
 * parenthesised only inside arithmetic, numbers are printed as folded.
 */
final class MetricsPrinter {
  private MetricsPrinter() {}

  static String expr(MetricsExpr expr) {
    return switch (expr) {
      case MetricsExpr.Aggregation aggregation ->
          Printer.pipeline(aggregation.pipeline()) + " | " + aggregate(aggregation.aggregate());
      case MetricsExpr.Staged staged -> {
        StringBuilder out = new StringBuilder(expr(staged.inner()));
        for (SecondStage stage : staged.stages()) {
          out.append(stage instanceof SecondStage.TopK ? " | " : " ").append(stage(stage));
        }
        yield out.toString();
      }
      case MetricsExpr.Math math ->
          operand(math.left(), math.op(), false)
              + " "
              + math.op().symbol()
              + " "
              + operand(math.right(), math.op(), true);
      case MetricsExpr.ScalarMath scalar ->
          scalar.scalarOnLeft()
              ? scalar.scalar().toTraceQl()
                  + " "
                  + scalar.op().symbol()
                  + " "
                  + operand(scalar.series(), scalar.op(), true)
              : operand(scalar.series(), scalar.op(), false)
                  + " "
                  + scalar.op().symbol()
                  + " "
                  + scalar.scalar().toTraceQl();
    };
  }

  private static String operand(MetricsExpr child, BinaryOp parent, boolean right) {
    BinaryOp op =
        switch (child) {
          case MetricsExpr.Math math -> math.op();
          case MetricsExpr.ScalarMath scalar -> scalar.op();
          default -> null;
        };
    boolean parens =
        op == null
            || op.precedence() < parent.precedence()
            || (right && op.precedence() == parent.precedence());
    return parens ? "(" + expr(child) + ")" : expr(child);
  }

  static String aggregate(MetricsAggregate aggregate) {
    List<String> arguments = new ArrayList<>();
    aggregate.attribute().ifPresent(field -> arguments.add(Printer.field(field)));
    for (double q : aggregate.quantiles()) {
      arguments.add(new Value.FloatValue(q).toTraceQl());
    }
    aggregate
        .compare()
        .ifPresent(
            compare -> {
              arguments.add(Printer.stage(compare.selection()));
              boolean window = compare.start() != 0 || compare.end() != 0;
              if (window || compare.topN() != MetricsAggregate.Compare.DEFAULT_TOP_N) {
                arguments.add(Integer.toString(compare.topN()));
              }
              if (window) {
                arguments.add(Long.toString(compare.start()));
                arguments.add(Long.toString(compare.end()));
              }
            });
    String out = aggregate.function().text() + "(" + String.join(", ", arguments) + ")";
    if (!aggregate.by().isEmpty()) {
      List<String> fields = new ArrayList<>();
      for (FieldExpr field : aggregate.by()) {
        fields.add(Printer.field(field));
      }
      out += " by (" + String.join(", ", fields) + ")";
    }
    return out;
  }

  static String stage(SecondStage stage) {
    return switch (stage) {
      case SecondStage.TopK topK -> (topK.bottom() ? "bottomk(" : "topk(") + topK.count() + ")";
      case SecondStage.Filter filter -> filter.op().symbol() + " " + filter.value().toTraceQl();
    };
  }
}
