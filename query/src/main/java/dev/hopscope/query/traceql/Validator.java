package dev.hopscope.query.traceql;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/** Semantic checks on a parsed query: types, names, and what aggregates may take. */
final class Validator {
  private final String query;

  private Validator(String query) {
    this.query = query;
  }

  static void validate(String query, SpansetExpr.Pipeline pipeline) {
    new Validator(query).stage(pipeline);
  }

  private void stage(Stage stage) {
    switch (stage) {
      case SpansetExpr.Pipeline pipeline -> pipeline.stages().forEach(this::stage);
      case SpansetExpr.Operation operation -> {
        stage(operation.left());
        stage(operation.right());
      }
      case SpansetExpr.Filter filter ->
          filter
              .condition()
              .ifPresent(
                  condition -> {
                    StaticType type = type(condition);
                    if (type != StaticType.BOOL && type != StaticType.ATTRIBUTE) {
                      throw error(
                          start(condition),
                          "a spanset filter needs a condition such as { .x = 1 }, found "
                              + type.describe()
                              + " expression");
                    }
                  });
      case Stage.ScalarFilter scalar -> {
        scalar.aggregate().argument().ifPresent(a -> requireNoEventOrLink(a, "aggregates"));
        scalarFilter(scalar);
      }
      case Stage.GroupBy by -> {
        type(by.expression());
        requireSpanField(by.expression(), "by()");
        requireNoEventOrLink(by.expression(), "by()");
      }
      case Stage.Select select ->
          select
              .fields()
              .forEach(
                  field -> {
                    type(field);
                    requireNoEventOrLink(field, "select()");
                  });
      case Stage.Coalesce coalesce -> {}
    }
  }

  /**
   * A field a metrics function reads or groups by: a known name, no event or link field, and a
   * number or duration (or an attribute, decided per span) when {@code numeric}.
   */
  static void metricsField(String query, FieldExpr field, String function, boolean numeric) {
    Validator validator = new Validator(query);
    StaticType type = validator.type(field);
    validator.requireNoEventOrLink(field, function + "()");
    if (numeric && !type.isNumeric() && type != StaticType.ATTRIBUTE) {
      throw validator.error(
          start(field), function + "() needs a number or duration, found " + type.describe());
    }
  }

  private void scalarFilter(Stage.ScalarFilter scalar) {
    Stage.Aggregate aggregate = scalar.aggregate();
    if (aggregate.argument().isEmpty()) {
      if (scalar.value() instanceof Value.DurationValue) {
        throw error(
            scalar.position(),
            "count() is a number of spans; compare it with a number, not a duration");
      }
      return;
    }
    FieldExpr argument = aggregate.argument().get();
    StaticType type = type(argument);
    String function = aggregate.kind().text() + "()";
    if (!type.isNumeric() && type != StaticType.ATTRIBUTE) {
      throw error(
          start(argument), function + " needs a number or duration, found " + type.describe());
    }
    requireSpanField(argument, function);
  }

  private void requireSpanField(FieldExpr expr, String function) {
    if (!referencesSpan(expr)) {
      throw error(
          start(expr),
          function
              + " needs a field of the span such as duration or .x, found the constant "
              + expr);
    }
  }

  /** A span has many events and links, so outside a filter such a field has no single value. */
  private void requireNoEventOrLink(FieldExpr expr, String where) {
    FieldExpr found = eventOrLinkField(expr);
    if (found != null) {
      throw error(
          found.position(),
          "event and link fields can only be used inside { } filters, not in " + where);
    }
  }

  private static @Nullable FieldExpr eventOrLinkField(FieldExpr expr) {
    return switch (expr) {
      case FieldExpr.Attribute attribute ->
          attribute.scope() == AttributeScope.EVENT || attribute.scope() == AttributeScope.LINK
              ? attribute
              : null;
      case FieldExpr.IntrinsicField field ->
          field.intrinsic().isEventField() || field.intrinsic().isLinkField() ? field : null;
      case FieldExpr.Unary unary -> eventOrLinkField(unary.operand());
      case FieldExpr.Binary binary -> {
        FieldExpr left = eventOrLinkField(binary.left());
        yield left != null ? left : eventOrLinkField(binary.right());
      }
      default -> null;
    };
  }

  private static boolean referencesSpan(FieldExpr expr) {
    return switch (expr) {
      case FieldExpr.Attribute attribute -> true;
      case FieldExpr.IntrinsicField intrinsic -> true;
      case FieldExpr.UnknownName unknown -> true;
      case FieldExpr.Literal literal -> false;
      case FieldExpr.Unary unary -> referencesSpan(unary.operand());
      case FieldExpr.Binary binary ->
          referencesSpan(binary.left()) || referencesSpan(binary.right());
    };
  }

  StaticType type(FieldExpr expr) {
    return switch (expr) {
      case FieldExpr.Literal literal -> literalType(literal.value());
      case FieldExpr.Attribute attribute -> {
        if (attribute.scope() == AttributeScope.PARENT) {
          throw error(
              attribute.position(),
              "parent. attributes are not supported; use a structural operator such as"
                  + " { .x = 1 } > { }");
        }
        yield StaticType.ATTRIBUTE;
      }
      case FieldExpr.IntrinsicField intrinsic -> intrinsic.intrinsic().type();
      case FieldExpr.UnknownName unknown -> throw unknownName(unknown);
      case FieldExpr.Unary unary -> unaryType(unary);
      case FieldExpr.Binary binary -> binaryType(binary);
    };
  }

  private TraceQlException unknownName(FieldExpr.UnknownName unknown) {
    String name = unknown.name();
    if (name.contains(":")) {
      return error(
          unknown.position(),
          "unknown intrinsic '"
              + name
              + "'; scoped intrinsics are span:name, span:status, span:statusMessage, span:kind,"
              + " span:duration, span:id, span:parentID, span:childCount, span:nestedSetLeft,"
              + " span:nestedSetRight, span:nestedSetParent, trace:rootName,"
              + " trace:rootService, trace:duration, trace:id, event:name, event:timeSinceStart,"
              + " link:traceID, link:spanID, instrumentation:name, instrumentation:version");
    }
    return error(
        unknown.position(),
        "unknown intrinsic '"
            + name
            + "'; intrinsics are name, status, statusMessage, kind, duration, rootName,"
            + " rootServiceName, traceDuration, nestedSetLeft, nestedSetRight, nestedSetParent;"
            + " attributes need a scope: ."
            + name
            + ", span."
            + name
            + " or resource."
            + name);
  }

  private StaticType unaryType(FieldExpr.Unary unary) {
    rejectNil(unary.operand(), "'" + unary.op().symbol() + "'");
    StaticType operand = type(unary.operand());
    if (unary.op() == UnaryOp.NOT) {
      if (operand != StaticType.BOOL && operand != StaticType.ATTRIBUTE) {
        throw error(unary.position(), "'!' needs a boolean, found " + operand.describe());
      }
      return StaticType.BOOL;
    }
    if (!operand.isNumeric() && operand != StaticType.ATTRIBUTE) {
      throw error(unary.position(), "'-' needs a number or duration, found " + operand.describe());
    }
    return operand == StaticType.ATTRIBUTE ? StaticType.NUMBER : operand;
  }

  private StaticType binaryType(FieldExpr.Binary binary) {
    StaticType left = type(binary.left());
    StaticType right = type(binary.right());
    BinaryOp op = binary.op();
    String symbol = "'" + op.symbol() + "'";
    if (op != BinaryOp.EQ && op != BinaryOp.NEQ) {
      rejectNil(binary.left(), symbol);
      rejectNil(binary.right(), symbol);
    }
    if (op.isLogical()) {
      requireOperand(binary.left(), left, symbol, StaticType.BOOL);
      requireOperand(binary.right(), right, symbol, StaticType.BOOL);
      return StaticType.BOOL;
    }
    if (op.isArithmetic()) {
      requireNumeric(binary.left(), left, symbol);
      requireNumeric(binary.right(), right, symbol);
      return arithmeticType(op, left, right);
    }
    if (op == BinaryOp.REGEX || op == BinaryOp.NOT_REGEX) {
      requireOperand(binary.left(), left, symbol, StaticType.STRING);
      requireOperand(binary.right(), right, symbol, StaticType.STRING);
      if (binary.right() instanceof FieldExpr.Literal literal
          && literal.value() instanceof Value.StringValue pattern) {
        try {
          Pattern.compile(pattern.value());
        } catch (PatternSyntaxException e) {
          throw error(literal.position(), regexError(e));
        }
      }
      return StaticType.BOOL;
    }
    if (op != BinaryOp.EQ && op != BinaryOp.NEQ) {
      for (StaticType type : new StaticType[] {left, right}) {
        if (type == StaticType.BOOL
            || type == StaticType.STATUS
            || type == StaticType.KIND
            || type == StaticType.NIL) {
          throw error(
              binary.position(),
              symbol
                  + " orders numbers, durations and strings, not "
                  + type.describe()
                  + "; use = or !=");
        }
      }
    }
    if (left == StaticType.NIL || right == StaticType.NIL) {
      nilComparison(binary);
      return StaticType.BOOL;
    }
    if (!comparable(left, right)) {
      throw error(
          binary.position(),
          "cannot compare " + left.describe() + " with " + right.describe() + " using " + symbol);
    }
    return StaticType.BOOL;
  }

  /**
   * Tempo's rules for {@code nil}, which only ever tests presence: {@code x != nil} (x has a value)
   * is allowed for anything, {@code x = nil} not on intrinsics nor on {@code
   * resource.service.name}, which Tempo holds can never be missing. {@code nil = nil} and {@code
   * nil != nil} are allowed and false, as Tempo folds them.
   */
  private void nilComparison(FieldExpr.Binary binary) {
    if (binary.op() != BinaryOp.EQ) {
      return;
    }
    FieldExpr other = isNil(binary.left()) ? binary.right() : binary.left();
    if (other instanceof FieldExpr.IntrinsicField field) {
      String name = field.intrinsic().text();
      throw error(
          start(other),
          name
              + " = nil is not allowed: intrinsics cannot be compared with = nil (Tempo refuses it"
              + " too); test for a value with "
              + name
              + " != nil, for none with !("
              + name
              + " != nil)");
    }
    if (other instanceof FieldExpr.Attribute attribute
        && attribute.scope() == AttributeScope.RESOURCE
        && attribute.name().equals("service.name")) {
      throw error(
          start(other),
          "resource.service.name = nil is not allowed: Tempo holds that every resource has a"
              + " service name and refuses it; to find resources without one write"
              + " !(resource.service.name != nil)");
    }
  }

  /** nil has no value to compute or order with; it can only be compared with = or !=. */
  private void rejectNil(FieldExpr expr, String where) {
    if (isNil(expr)) {
      throw error(
          expr.position(),
          "nil cannot be used with "
              + where
              + "; it only tests whether a field has a value: x != nil (it has one) or x = nil"
              + " (it has none)");
    }
  }

  private static boolean isNil(FieldExpr expr) {
    return expr instanceof FieldExpr.Literal literal && literal.value() instanceof Value.NilValue;
  }

  private static boolean comparable(StaticType left, StaticType right) {
    return left == StaticType.ATTRIBUTE
        || right == StaticType.ATTRIBUTE
        || (left.isNumeric() && right.isNumeric())
        || left == right;
  }

  private static StaticType arithmeticType(BinaryOp op, StaticType left, StaticType right) {
    if (left == StaticType.DURATION || right == StaticType.DURATION) {
      return StaticType.DURATION;
    }
    if (left == StaticType.ATTRIBUTE
        || right == StaticType.ATTRIBUTE
        || left == StaticType.NUMBER
        || right == StaticType.NUMBER) {
      return StaticType.NUMBER;
    }
    if (left == StaticType.INT
        && right == StaticType.INT
        && op != BinaryOp.DIV
        && op != BinaryOp.POW) {
      return StaticType.INT;
    }
    return StaticType.FLOAT;
  }

  private void requireOperand(FieldExpr expr, StaticType type, String symbol, StaticType wanted) {
    if (type != wanted && type != StaticType.ATTRIBUTE) {
      throw error(
          start(expr), symbol + " needs " + wanted.describe() + ", found " + type.describe());
    }
  }

  private void requireNumeric(FieldExpr expr, StaticType type, String symbol) {
    if (!type.isNumeric() && type != StaticType.ATTRIBUTE) {
      throw error(start(expr), symbol + " needs numbers or durations, found " + type.describe());
    }
  }

  static StaticType literalType(Value value) {
    return switch (value) {
      case Value.StringValue s -> StaticType.STRING;
      case Value.IntValue i -> StaticType.INT;
      case Value.FloatValue f -> StaticType.FLOAT;
      case Value.DurationValue d -> StaticType.DURATION;
      case Value.BoolValue b -> StaticType.BOOL;
      case Value.StatusValue s -> StaticType.STATUS;
      case Value.KindValue k -> StaticType.KIND;
      case Value.NilValue n -> StaticType.NIL;
      case Value.ArrayValue a -> StaticType.ATTRIBUTE;
      case Value.OpaqueValue o -> StaticType.ATTRIBUTE;
    };
  }

  /** Where an expression begins in the text (a binary node's own position is its operator). */
  static int start(FieldExpr expr) {
    return expr instanceof FieldExpr.Binary binary ? start(binary.left()) : expr.position();
  }

  private TraceQlException error(int offset, String reason) {
    return new TraceQlException(TraceQlException.Phase.VALIDATE, query, offset, reason);
  }

  /** RE2's reason and the part it stopped at, plus what RE2 leaves out when that is the cause. */
  private static String regexError(PatternSyntaxException e) {
    String description = e.getDescription();
    String message = "invalid regular expression: " + description + " at `" + e.getPattern() + "`";
    if (description.contains("Perl syntax") || description.contains("escape sequence")) {
      message += " (TraceQL regexes are RE2, as in Tempo: no backreferences or lookaround)";
    }
    return message;
  }
}
