package dev.hopscope.otlp;

/**
 * Where in a Zipkin v2 JSON request a value is, spelled only when a message needs it: {@code [3]},
 * {@code [3].tags.http.method}, {@code [3].localEndpoint.port}.
 */
final class ZipkinPath {
  private final int span;
  private String field = "";
  private String inner = "";

  ZipkinPath(int span) {
    this.span = span;
  }

  ZipkinPath field(String name) {
    field = name;
    inner = "";
    return this;
  }

  ZipkinPath inner(String name) {
    inner = name;
    return this;
  }

  /** The value's name within its span, as span problems say it: {@code localEndpoint.port}. */
  Object relative() {
    return relative;
  }

  /** A tag's name as span problems say it: {@code tags."http.method"}. */
  Object tag() {
    return tag;
  }

  private final Object relative =
      new Object() {
        @Override
        public String toString() {
          return field + "." + inner;
        }
      };

  private final Object tag =
      new Object() {
        @Override
        public String toString() {
          return "tags." + MessageText.quote(inner);
        }
      };

  @Override
  public String toString() {
    return "["
        + span
        + "]"
        + (field.isEmpty() ? "" : "." + field)
        + (inner.isEmpty() ? "" : "." + inner);
  }
}
