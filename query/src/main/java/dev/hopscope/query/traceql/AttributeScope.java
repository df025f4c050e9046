package dev.hopscope.query.traceql;

/**
 * Where an attribute is looked up. {@link #NONE} is the unscoped {@code .x}: span, then resource.
 */
public enum AttributeScope {
  NONE(""),
  SPAN("span"),
  RESOURCE("resource"),
  INSTRUMENTATION("instrumentation"),
  EVENT("event"),
  LINK("link"),
  PARENT("parent");

  private final String prefix;

  AttributeScope(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  /**
   * The TraceQL that names attribute {@code name} in this scope: {@code span.http.method}, or the
   * name as a string literal ({@code span."a b"}) when it holds a character that ends a name. The
   * printer and every API that writes TraceQL for its users' keys write names this one way, so the
   * lexer reads each back as the same attribute.
   */
  public String reference(String name) {
    boolean plain = !name.isEmpty();
    for (int i = 0; i < name.length() && plain; i++) {
      plain = Lexer.isAttributeChar(name.charAt(i)) && name.charAt(i) != '\\';
    }
    return prefix + "." + (plain ? name : Value.traceQlString(name));
  }

  static AttributeScope fromPrefix(String prefix) {
    for (AttributeScope scope : values()) {
      if (scope.prefix.equals(prefix)) {
        return scope;
      }
    }
    throw new IllegalArgumentException("unknown attribute scope " + prefix);
  }
}
