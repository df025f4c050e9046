package dev.hopscope.query.traceql;

/**
 * Constant folding for metrics arithmetic, done while parsing: {@code ({ } | rate()) > 1 + 2}
 * compares with 3. Ints stay ints for {@code + - *} (float on overflow) and {@code /} gives a
 * float, as in our filters; Tempo truncates {@code 1 / 2} to 0 here.
 */
final class Scalars {
  private Scalars() {}

  static Value negate(Value value) {
    return switch (value) {
      case Value.IntValue i when i.value() != Long.MIN_VALUE -> new Value.IntValue(-i.value());
      case Value.IntValue i -> new Value.FloatValue(-(double) i.value());
      case Value.FloatValue f -> new Value.FloatValue(-f.value());
      case Value.DurationValue d -> new Value.DurationValue(-d.nanos());
      default -> throw new IllegalArgumentException("not a number: " + value.toTraceQl());
    };
  }

  static Value fold(BinaryOp op, Value left, Value right) {
    if (left instanceof Value.IntValue l
        && right instanceof Value.IntValue r
        && op != BinaryOp.DIV) {
      try {
        return new Value.IntValue(
            switch (op) {
              case ADD -> Math.addExact(l.value(), r.value());
              case SUB -> Math.subtractExact(l.value(), r.value());
              default -> Math.multiplyExact(l.value(), r.value());
            });
      } catch (ArithmeticException overflow) {
        // fall through to floats, as an int overflow does in filters
      }
    }
    double l = MetricsExpr.asDouble(left);
    double r = MetricsExpr.asDouble(right);
    return new Value.FloatValue(
        switch (op) {
          case ADD -> l + r;
          case SUB -> l - r;
          case MUL -> l * r;
          default -> l / r;
        });
  }
}
