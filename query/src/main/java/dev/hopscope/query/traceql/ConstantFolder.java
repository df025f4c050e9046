package dev.hopscope.query.traceql;

import java.util.Objects;

/**
 * Reads the number an aggregate is compared with, folding constant arithmetic as it goes: {@code
 * avg(.x) > 1 - 3} compares with -2, as Tempo folds it. Durations take no arithmetic.
 */
final class ConstantFolder {
  private final Parser parser;

  ConstantFolder(Parser parser) {
    this.parser = parser;
  }

  /** The number, folded; {@code aggregate} names what it is compared with, for errors. */
  Value sum(String aggregate) {
    Value left = product(aggregate);
    while (parser.peek().type() == TokenType.PLUS || parser.peek().type() == TokenType.MINUS) {
      Token op = parser.advance();
      left = fold(op, left, product(aggregate));
    }
    return left;
  }

  private Value product(String aggregate) {
    Value left = constant(aggregate);
    while (parser.peek().type() == TokenType.STAR || parser.peek().type() == TokenType.SLASH) {
      Token op = parser.advance();
      left = fold(op, left, constant(aggregate));
    }
    return left;
  }

  private Value fold(Token op, Value left, Value right) {
    if (left instanceof Value.DurationValue || right instanceof Value.DurationValue) {
      throw parser.error(
          op, "durations cannot be used in arithmetic here; compare with one duration");
    }
    BinaryOp binary =
        Objects.requireNonNull(Parser.binaryOp(op.type()), "sum() and product() take + - * /");
    return Scalars.fold(binary, left, right);
  }

  private Value constant(String aggregate) {
    if (parser.match(TokenType.MINUS)) {
      return Scalars.negate(constant(aggregate));
    }
    Token number = parser.advance();
    return switch (number.type()) {
      case INTEGER -> new Value.IntValue(Long.parseLong(number.text()));
      case FLOAT -> new Value.FloatValue(Double.parseDouble(number.text()));
      case DURATION -> new Value.DurationValue(number.durationNanos());
      case LEFT_PAREN -> {
        Value inner = sum(aggregate);
        parser.expect(TokenType.RIGHT_PAREN, "')' or an operator");
        yield inner;
      }
      default ->
          throw parser.error(
              number,
              "expected a number or duration to compare "
                  + aggregate
                  + " with, found "
                  + number.describe());
    };
  }
}
