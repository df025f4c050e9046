package dev.hopscope.query;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Span;
import dev.hopscope.query.traceql.BinaryOp;
import dev.hopscope.query.traceql.FieldExpr;
import dev.hopscope.query.traceql.Value;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Evaluates field expressions for one span. A missing attribute is {@code nil}; every comparison
 * with {@code nil} is false except an explicit {@code = nil} / {@code != nil}; operands of
 * different types compare false under every operator, {@code !=} included.
 */
final class FieldEvaluator {
  // One evaluator serves one search on one thread, so a plain map caches the compiled patterns.
  private final Map<String, Pattern> patterns = new HashMap<>();

  boolean test(FieldExpr expr, TraceContext context, int span) {
    return evaluate(expr, context, span) instanceof Value.BoolValue b && b.value();
  }

  Value evaluate(FieldExpr expr, TraceContext context, int index) {
    return switch (expr) {
      case FieldExpr.Literal literal -> literal.value();
      case FieldExpr.Attribute attribute -> attribute(attribute, context.span(index));
      case FieldExpr.IntrinsicField intrinsic ->
          Intrinsics.value(intrinsic.intrinsic(), context, index);
      case FieldExpr.UnknownName unknown ->
          throw new IllegalStateException("unvalidated query: unknown name " + unknown.name());
      case FieldExpr.Unary unary -> {
        Value operand = evaluate(unary.operand(), context, index);
        yield switch (unary.op()) {
          case NOT ->
              operand instanceof Value.BoolValue b ? new Value.BoolValue(!b.value()) : nil();
          case NEGATE -> Values.negate(operand);
        };
      }
      case FieldExpr.Binary binary -> binary(binary, context, index);
    };
  }

  private Value binary(FieldExpr.Binary binary, TraceContext context, int index) {
    BinaryOp op = binary.op();
    if (op == BinaryOp.AND) {
      return new Value.BoolValue(
          test(binary.left(), context, index) && test(binary.right(), context, index));
    }
    if (op == BinaryOp.OR) {
      return new Value.BoolValue(
          test(binary.left(), context, index) || test(binary.right(), context, index));
    }
    Value left = evaluate(binary.left(), context, index);
    Value right = evaluate(binary.right(), context, index);
    if (op.isArithmetic()) {
      return Values.arithmetic(op, left, right);
    }
    if ((op == BinaryOp.EQ || op == BinaryOp.NEQ)
        && (isNilLiteral(binary.left()) || isNilLiteral(binary.right()))) {
      boolean same = (left instanceof Value.NilValue) == (right instanceof Value.NilValue);
      return new Value.BoolValue(op == BinaryOp.EQ ? same : !same);
    }
    if (op == BinaryOp.REGEX || op == BinaryOp.NOT_REGEX) {
      if (!(left instanceof Value.StringValue text) || !(right instanceof Value.StringValue re)) {
        return new Value.BoolValue(false);
      }
      boolean found = pattern(re.value()).matcher(text.value()).matches();
      return new Value.BoolValue(op == BinaryOp.REGEX ? found : !found);
    }
    return new Value.BoolValue(Values.compare(op, left, right));
  }

  private Pattern pattern(String regex) {
    Pattern pattern = patterns.get(regex);
    if (pattern == null) {
      // Validation compiled literal patterns already; one computed at run time may be invalid.
      try {
        pattern = Pattern.compile(regex);
      } catch (java.util.regex.PatternSyntaxException e) {
        pattern = Pattern.compile("(?!)");
      }
      patterns.put(regex, pattern);
    }
    return pattern;
  }

  private static boolean isNilLiteral(FieldExpr expr) {
    return expr instanceof FieldExpr.Literal literal && literal.value() instanceof Value.NilValue;
  }

  private static Value nil() {
    return Value.NilValue.INSTANCE;
  }

  private static Value attribute(FieldExpr.Attribute attribute, Span span) {
    AttributeValue value =
        switch (attribute.scope()) {
          case SPAN -> span.attributes().get(attribute.name());
          case RESOURCE -> span.resource().attributes().get(attribute.name());
          case INSTRUMENTATION -> span.scope().attributes().get(attribute.name());
          case NONE -> firstOf(span.attributes(), span.resource().attributes(), attribute.name());
          case EVENT, LINK, PARENT ->
              throw new IllegalStateException("unvalidated query: " + attribute);
        };
    return value == null ? nil() : Values.fromAttribute(value);
  }

  private static AttributeValue firstOf(Attributes first, Attributes second, String key) {
    AttributeValue value = first.get(key);
    return value != null ? value : second.get(key);
  }
}
