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

  static AttributeScope fromPrefix(String prefix) {
    for (AttributeScope scope : values()) {
      if (scope.prefix.equals(prefix)) {
        return scope;
      }
    }
    throw new IllegalArgumentException("unknown attribute scope " + prefix);
  }
}
