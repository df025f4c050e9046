package dev.hopscope.query.traceql;

/** What the validator knows about an expression's type before any span is seen. */
public enum StaticType {
  STRING,
  INT,
  FLOAT,
  DURATION,
  BOOL,
  STATUS,
  KIND,
  NIL,
  /** A number whose exact kind (int, float, duration) is known only per span. */
  NUMBER,
  /** An attribute: any type, or missing, decided per span. */
  ATTRIBUTE;

  boolean isNumeric() {
    return this == INT || this == FLOAT || this == DURATION || this == NUMBER;
  }

  String describe() {
    return switch (this) {
      case ATTRIBUTE -> "an attribute";
      case NUMBER -> "a number";
      case INT -> "an int";
      case NIL -> "nil";
      default -> "a " + name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
