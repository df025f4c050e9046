package dev.hopscope.query.traceql;

import java.util.ArrayList;
import java.util.List;

/**
 * The normalised form of a query: single spaces around operators, parentheses only where needed
 * (and where {@code &&} and {@code ||} mix, because equal precedence surprises readers), durations
 * in the largest whole unit. Parsing the output yields the same tree.
 */
final class Printer {
  private Printer() {}

  static String pipeline(SpansetExpr.Pipeline pipeline) {
    List<String> parts = new ArrayList<>();
    for (Stage stage : pipeline.stages()) {
      parts.add(stage(stage));
    }
    return String.join(" | ", parts);
  }

  static String stage(Stage stage) {
    return switch (stage) {
      case SpansetExpr.Filter filter ->
          filter.condition().map(c -> "{ " + field(c) + " }").orElse("{ }");
      case SpansetExpr.Operation operation -> operation(operation);
      case SpansetExpr.Pipeline pipeline -> pipeline(pipeline);
      case Stage.ScalarFilter scalar ->
          aggregate(scalar.aggregate())
              + " "
              + scalar.op().symbol()
              + " "
              + scalar.value().toTraceQl();
      case Stage.GroupBy by -> "by(" + field(by.expression()) + ")";
      case Stage.Select select -> {
        List<String> fields = new ArrayList<>();
        for (FieldExpr field : select.fields()) {
          fields.add(field(field));
        }
        yield "select(" + String.join(", ", fields) + ")";
      }
      case Stage.Coalesce coalesce -> "coalesce()";
    };
  }

  static String aggregate(Stage.Aggregate aggregate) {
    return aggregate.kind().text()
        + "("
        + aggregate.argument().map(Printer::field).orElse("")
        + ")";
  }

  private static String operation(SpansetExpr.Operation operation) {
    return operand(operation.left(), operation.op(), false)
        + " "
        + operation.op().symbol()
        + " "
        + operand(operation.right(), operation.op(), true);
  }

  private static String operand(SpansetExpr child, SpansetOp parent, boolean right) {
    boolean parens =
        switch (child) {
          case SpansetExpr.Pipeline pipeline -> true;
          case SpansetExpr.Operation op ->
              op.op().precedence() < parent.precedence()
                  || (right && op.op().precedence() == parent.precedence())
                  || (!op.op().isStructural() && !parent.isStructural() && op.op() != parent);
          case SpansetExpr.Filter filter -> false;
        };
    return parens ? "(" + stage(child) + ")" : stage(child);
  }

  static String field(FieldExpr expr) {
    return switch (expr) {
      case FieldExpr.Literal literal -> literal.value().toTraceQl();
      case FieldExpr.Attribute attribute -> attribute.scope().reference(attribute.name());
      case FieldExpr.IntrinsicField intrinsic -> intrinsic.intrinsic().text();
      case FieldExpr.UnknownName unknown -> unknown.name();
      case FieldExpr.Unary unary -> {
        boolean parens =
            unary.operand() instanceof FieldExpr.Binary binary && binary.op() != BinaryOp.POW;
        String operand = field(unary.operand());
        yield unary.op().symbol() + (parens ? "(" + operand + ")" : operand);
      }
      case FieldExpr.Binary binary ->
          operand(binary.left(), binary.op(), false)
              + " "
              + binary.op().symbol()
              + " "
              + operand(binary.right(), binary.op(), true);
    };
  }

  private static String operand(FieldExpr child, BinaryOp parent, boolean right) {
    if (child instanceof FieldExpr.Unary && parent == BinaryOp.POW && !right) {
      // -2 ^ 2 reads as -(2 ^ 2), so a negated base keeps its parentheses.
      return "(" + field(child) + ")";
    }
    if (!(child instanceof FieldExpr.Binary binary)) {
      return field(child);
    }
    BinaryOp op = binary.op();
    boolean rightAssociative = parent == BinaryOp.POW;
    boolean parens =
        op.precedence() < parent.precedence()
            || (op.precedence() == parent.precedence()
                && (right != rightAssociative
                    || parent.isComparison()
                    || (parent.isLogical() && op != parent)));
    return parens ? "(" + field(child) + ")" : field(child);
  }
}
