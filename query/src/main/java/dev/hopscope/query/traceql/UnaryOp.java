package dev.hopscope.query.traceql;

/** Prefix operators inside a spanset filter. */
public enum UnaryOp {
  NEGATE("-"),
  NOT("!");

  private final String symbol;

  UnaryOp(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }
}
