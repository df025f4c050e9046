package dev.hopscope.query.traceql;

/** Operators inside a spanset filter, with binding strength (higher binds tighter). */
public enum BinaryOp {
  // && and || share one level and associate to the left, as in Tempo's grammar.
  OR("||", 1),
  AND("&&", 1),
  EQ("=", 2),
  NEQ("!=", 2),
  LT("<", 2),
  LTE("<=", 2),
  GT(">", 2),
  GTE(">=", 2),
  REGEX("=~", 2),
  NOT_REGEX("!~", 2),
  ADD("+", 3),
  SUB("-", 3),
  MUL("*", 4),
  DIV("/", 4),
  MOD("%", 4),
  POW("^", 6);

  private final String symbol;
  private final int precedence;

  BinaryOp(String symbol, int precedence) {
    this.symbol = symbol;
    this.precedence = precedence;
  }

  public String symbol() {
    return symbol;
  }

  int precedence() {
    return precedence;
  }

  public boolean isLogical() {
    return this == AND || this == OR;
  }

  public boolean isComparison() {
    return precedence == 2;
  }

  public boolean isArithmetic() {
    return precedence >= 3;
  }

  /** The operator with its operands swapped: {@code a < b} is {@code b > a}. */
  BinaryOp mirrored() {
    return switch (this) {
      case LT -> GT;
      case LTE -> GTE;
      case GT -> LT;
      case GTE -> LTE;
      default -> this;
    };
  }
}
