package dev.hopscope.query.traceql;

/**
 * Operators between spansets. As in Tempo's grammar, {@code &&} and {@code ||} share the lowest
 * level, the structural operators bind tighter, and all associate to the left.
 */
public enum SpansetOp {
  AND("&&"),
  OR("||"),
  /** {@code A > B}: spans of B whose parent is in A. */
  CHILD(">"),
  /** {@code A >> B}: spans of B with an ancestor in A. */
  DESCENDANT(">>"),
  /** {@code A < B}: spans of B that are the parent of a span in A. */
  PARENT("<"),
  /** {@code A << B}: spans of B that are an ancestor of a span in A. */
  ANCESTOR("<<"),
  /** {@code A ~ B}: spans of B that share a parent with a (different) span in A. */
  SIBLING("~");

  private final String symbol;

  SpansetOp(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  int precedence() {
    return isStructural() ? 2 : 1;
  }

  public boolean isStructural() {
    return this != AND && this != OR;
  }
}
