package dev.hopscope.query.traceql;

/**
 * A query that cannot be parsed or does not make sense. Carries where the problem is, so that APIs
 * can answer 400 with a position, and the message says what was expected there.
 */
public final class TraceQlException extends IllegalArgumentException {
  /** Whether the query failed to parse or parsed but failed the semantic checks. */
  public enum Phase {
    PARSE,
    VALIDATE
  }

  private final Phase phase;
  private final int offset;
  private final int line;
  private final int column;
  private final String reason;

  TraceQlException(Phase phase, String query, int offset, String reason) {
    this(phase, offset, lineColumn(query, offset), reason);
  }

  private TraceQlException(Phase phase, int offset, int[] lineColumn, String reason) {
    super("invalid TraceQL query at " + lineColumn[0] + ":" + lineColumn[1] + ": " + reason);
    this.phase = phase;
    this.offset = offset;
    this.line = lineColumn[0];
    this.column = lineColumn[1];
    this.reason = reason;
  }

  private static int[] lineColumn(String query, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < Math.min(offset, query.length()); i++) {
      if (query.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new int[] {line, offset - lineStart + 1};
  }

  public Phase phase() {
    return phase;
  }

  /** 0-based character offset of the problem in the query. */
  public int offset() {
    return offset;
  }

  /** 1-based line. */
  public int line() {
    return line;
  }

  /** 1-based column within {@link #line()}. */
  public int column() {
    return column;
  }

  /** {@code line:column}, as APIs report it. */
  public String position() {
    return line + ":" + column;
  }

  /** The message without the position prefix. */
  public String reason() {
    return reason;
  }
}
