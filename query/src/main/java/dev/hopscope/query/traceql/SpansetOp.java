package dev.hopscope.query.traceql;

/**
 * Operators between spansets. As in Tempo's grammar, {@code &&} and {@code ||} share the lowest
 * level, the structural operators bind tighter, and all associate to the left. Structural operators
 * return spans of the right-hand side; the union forms ({@code &>}...) also return the left-hand
 * spans that take part, the negated forms ({@code !>}...) the right-hand spans that do not stand in
 * the relation.
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
  SIBLING("~"),
  NOT_CHILD("!>"),
  NOT_DESCENDANT("!>>"),
  NOT_PARENT("!<"),
  NOT_ANCESTOR("!<<"),
  NOT_SIBLING("!~"),
  UNION_CHILD("&>"),
  UNION_DESCENDANT("&>>"),
  UNION_PARENT("&<"),
  UNION_ANCESTOR("&<<"),
  UNION_SIBLING("&~");

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

  public boolean isNegated() {
    return symbol.startsWith("!");
  }

  public boolean isUnion() {
    return symbol.startsWith("&") && this != AND;
  }

  /** The plain relation of a negated or union operator; itself for the others. */
  public SpansetOp base() {
    return switch (this) {
      case NOT_CHILD, UNION_CHILD -> CHILD;
      case NOT_DESCENDANT, UNION_DESCENDANT -> DESCENDANT;
      case NOT_PARENT, UNION_PARENT -> PARENT;
      case NOT_ANCESTOR, UNION_ANCESTOR -> ANCESTOR;
      case NOT_SIBLING, UNION_SIBLING -> SIBLING;
      default -> this;
    };
  }

  /** The relation seen from the other side: A > B relates B to A as B < A does. */
  public SpansetOp inverse() {
    return switch (base()) {
      case CHILD -> PARENT;
      case PARENT -> CHILD;
      case DESCENDANT -> ANCESTOR;
      case ANCESTOR -> DESCENDANT;
      default -> base();
    };
  }
}
