package dev.hopscope.query.traceql;

/**
 * One lexeme.
 *
 * @param text the decoded text: string contents without quotes, attribute name, number as written
 * @param scope for attributes and scoped intrinsics, the prefix before {@code .} or {@code :}
 * @param offset where the token starts in the query, 0-based
 * @param durationNanos for {@link TokenType#DURATION}, the value
 */
record Token(TokenType type, String text, String scope, int offset, long durationNanos) {
  static Token of(TokenType type, String text, int offset) {
    return new Token(type, text, "", offset, 0);
  }

  /** How error messages quote what was found. */
  String describe() {
    return switch (type) {
      case EOF -> "end of query";
      case STRING -> "string \"" + text + "\"";
      case ATTRIBUTE -> "attribute " + scope + "." + text;
      case SCOPED_INTRINSIC -> "intrinsic " + scope + ":" + text;
      default -> "'" + text + "'";
    };
  }
}
