package dev.hopscope.query.traceql;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Turns query text into tokens. Attribute names are lexed here because they may contain dots. */
final class Lexer {
  private static final Set<String> ATTRIBUTE_SCOPES =
      Set.of("span", "resource", "instrumentation", "event", "link", "parent");
  private static final Set<String> INTRINSIC_SCOPES =
      Set.of("span", "trace", "instrumentation", "event", "link");
  private static final String[] UNITS = {"ns", "us", "µs", "μs", "ms", "s", "m", "h"};
  private static final long[] UNIT_NANOS = {
    1L, 1_000L, 1_000L, 1_000L, 1_000_000L, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L
  };

  private final String query;
  private int pos;

  private Lexer(String query) {
    this.query = query;
  }

  static List<Token> tokenize(String query) {
    return new Lexer(query).run();
  }

  private List<Token> run() {
    List<Token> tokens = new ArrayList<>();
    while (true) {
      skipWhitespace();
      if (pos >= query.length()) {
        tokens.add(Token.of(TokenType.EOF, "", pos));
        return tokens;
      }
      tokens.add(next());
    }
  }

  private void skipWhitespace() {
    while (pos < query.length() && Character.isWhitespace(query.charAt(pos))) {
      pos++;
    }
  }

  private Token next() {
    int start = pos;
    char c = query.charAt(pos);
    switch (c) {
      case '{':
        return single(TokenType.LEFT_BRACE, start);
      case '}':
        return single(TokenType.RIGHT_BRACE, start);
      case '(':
        return single(TokenType.LEFT_PAREN, start);
      case ')':
        return single(TokenType.RIGHT_PAREN, start);
      case ',':
        return single(TokenType.COMMA, start);
      case '~':
        return single(TokenType.TILDE, start);
      case '+':
        return single(TokenType.PLUS, start);
      case '-':
        return single(TokenType.MINUS, start);
      case '*':
        return single(TokenType.STAR, start);
      case '/':
        return single(TokenType.SLASH, start);
      case '%':
        return single(TokenType.PERCENT, start);
      case '^':
        return single(TokenType.CARET, start);
      case '|':
        pos++;
        return match('|') ? token(TokenType.OR, start) : token(TokenType.PIPE, start);
      case '&':
        pos++;
        if (match('&')) {
          return token(TokenType.AND, start);
        }
        if (peekIs('>') || peekIs('<') || peekIs('~')) {
          return structural(TokenType.UNION_STRUCTURAL, start);
        }
        throw error(start, "expected '&&' but found a single '&'");
      case '=':
        pos++;
        if (match('~')) {
          return token(TokenType.REGEX, start);
        }
        if (peekIs('=')) {
          throw error(start, "expected '=' (TraceQL compares with a single '='), found '=='");
        }
        return token(TokenType.EQ, start);
      case '!':
        pos++;
        if (match('=')) {
          return token(TokenType.NEQ, start);
        }
        if (peekIs('>') || peekIs('<')) {
          return structural(TokenType.NOT_STRUCTURAL, start);
        }
        return match('~') ? token(TokenType.NOT_REGEX, start) : token(TokenType.NOT, start);
      case '<':
        pos++;
        if (match('=')) {
          return token(TokenType.LTE, start);
        }
        return match('<') ? token(TokenType.ANCESTOR, start) : token(TokenType.LT, start);
      case '>':
        pos++;
        if (match('=')) {
          return token(TokenType.GTE, start);
        }
        return match('>') ? token(TokenType.DESCENDANT, start) : token(TokenType.GT, start);
      case '"':
        return new Token(TokenType.STRING, quoted(), "", start, 0);
      case '`':
        return new Token(TokenType.STRING, raw(), "", start, 0);
      case '.':
        pos++;
        return attribute("", start);
      default:
        break;
    }
    if (isDigit(c)) {
      return number();
    }
    if (Character.isLetter(c) || c == '_') {
      return identifier();
    }
    if (c == '\'') {
      throw error(start, "unexpected character '; strings take double quotes or backticks");
    }
    throw error(start, "unexpected character '" + new String(Character.toChars(c)) + "'");
  }

  /** The relation after {@code &} or {@code !}: one of {@code > >> < << ~}. */
  private Token structural(TokenType type, int start) {
    char c = query.charAt(pos++);
    if (c != '~' && peekIs(c)) {
      pos++;
    }
    return token(type, start);
  }

  private Token identifier() {
    int start = pos;
    while (pos < query.length()
        && (Character.isLetterOrDigit(query.charAt(pos)) || query.charAt(pos) == '_')) {
      pos++;
    }
    String word = query.substring(start, pos);
    if (peekIs('.') && ATTRIBUTE_SCOPES.contains(word)) {
      pos++;
      return attribute(word, start);
    }
    if (peekIs(':') && INTRINSIC_SCOPES.contains(word)) {
      pos++;
      int nameStart = pos;
      while (pos < query.length() && Character.isLetterOrDigit(query.charAt(pos))) {
        pos++;
      }
      if (nameStart == pos) {
        throw error(nameStart, "expected an intrinsic name after '" + word + ":'");
      }
      return new Token(TokenType.SCOPED_INTRINSIC, query.substring(nameStart, pos), word, start, 0);
    }
    return Token.of(TokenType.IDENTIFIER, word, start);
  }

  /**
   * Reads an attribute name after its scope and dot: unquoted up to a delimiter, quoted, or both in
   * turn ({@code span.http."x y"}), as Tempo allows.
   */
  private Token attribute(String scope, int start) {
    StringBuilder name = new StringBuilder();
    while (true) {
      if (peekIs('"')) {
        name.append(quoted());
      } else {
        int partStart = pos;
        while (pos < query.length() && isAttributeChar(query.charAt(pos))) {
          pos++;
        }
        name.append(query, partStart, pos);
      }
      if (!(peekIs('"') && name.length() > 0 && name.charAt(name.length() - 1) == '.')) {
        break;
      }
    }
    if (name.isEmpty()) {
      throw error(
          pos,
          "expected an attribute name after '"
              + scope
              + ".'; quote names with spaces: ."
              + "\"my key\"");
    }
    return new Token(TokenType.ATTRIBUTE, name.toString(), scope, start, 0);
  }

  /** Characters that end an unquoted attribute name: blanks, brackets and operator symbols. */
  static boolean isAttributeChar(char c) {
    return !Character.isWhitespace(c) && "{}()=!<>~&|^,+*/%\"`".indexOf(c) < 0;
  }

  private String quoted() {
    int start = pos;
    pos++;
    StringBuilder out = new StringBuilder();
    while (pos < query.length()) {
      char c = query.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (pos >= query.length()) {
        break;
      }
      char escaped = query.charAt(pos++);
      switch (escaped) {
        case '"', '\\', '\'' -> out.append(escaped);
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'u' -> out.append(unicodeEscape());
        default ->
            throw error(
                pos - 2,
                "unknown escape '\\" + escaped + "'; use \\\" \\\\ \\n \\t \\r or \\uXXXX");
      }
    }
    throw error(start, "unterminated string; expected a closing '\"'");
  }

  private char unicodeEscape() {
    if (pos + 4 > query.length()) {
      throw error(pos - 2, "expected 4 hex digits after \\u");
    }
    try {
      char value = (char) Integer.parseInt(query.substring(pos, pos + 4), 16);
      pos += 4;
      return value;
    } catch (NumberFormatException e) {
      throw error(pos - 2, "expected 4 hex digits after \\u");
    }
  }

  private String raw() {
    int start = pos;
    int end = query.indexOf('`', pos + 1);
    if (end < 0) {
      throw error(start, "unterminated string; expected a closing '`'");
    }
    pos = end + 1;
    return query.substring(start + 1, end);
  }

  private Token number() {
    int start = pos;
    long totalNanos = 0;
    boolean duration = false;
    boolean isFloat = false;
    while (true) {
      int numberStart = pos;
      while (pos < query.length() && isDigit(query.charAt(pos))) {
        pos++;
      }
      if (peekIs('.') && pos + 1 < query.length() && isDigit(query.charAt(pos + 1))) {
        isFloat = true;
        pos++;
        while (pos < query.length() && isDigit(query.charAt(pos))) {
          pos++;
        }
      }
      String digits = query.substring(numberStart, pos);
      int unit = unitAt(pos);
      if (unit < 0) {
        if (duration) {
          throw error(pos, "expected a duration unit (ns, us, µs, ms, s, m, h) after " + digits);
        }
        if (pos < query.length() && Character.isLetter(query.charAt(pos))) {
          throw error(
              pos,
              "expected a duration unit (ns, us, µs, ms, s, m, h) or a delimiter after " + digits);
        }
        return numberToken(start, digits, isFloat);
      }
      duration = true;
      pos += UNITS[unit].length();
      totalNanos = addDuration(start, totalNanos, digits, UNIT_NANOS[unit]);
      if (pos < query.length() && Character.isLetter(query.charAt(pos))) {
        throw error(pos, "expected a duration unit (ns, us, µs, ms, s, m, h) after " + digits);
      }
      if (!(pos < query.length() && isDigit(query.charAt(pos)))) {
        return new Token(TokenType.DURATION, query.substring(start, pos), "", start, totalNanos);
      }
    }
  }

  private long addDuration(int start, long total, String digits, long unitNanos) {
    try {
      long nanos =
          new BigDecimal(digits)
              .multiply(BigDecimal.valueOf(unitNanos))
              .setScale(0, RoundingMode.HALF_UP)
              .longValueExact();
      return Math.addExact(total, nanos);
    } catch (ArithmeticException e) {
      throw error(start, "duration is too long; the largest is about 292 years");
    }
  }

  private Token numberToken(int start, String digits, boolean isFloat) {
    if (isFloat) {
      return Token.of(TokenType.FLOAT, digits, start);
    }
    try {
      Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw error(start, "integer " + digits + " is too large; the largest is " + Long.MAX_VALUE);
    }
    return Token.of(TokenType.INTEGER, digits, start);
  }

  /** The index in {@link #UNITS} of the unit starting at {@code at}, longest match first. */
  private int unitAt(int at) {
    int best = -1;
    for (int i = 0; i < UNITS.length; i++) {
      if (query.startsWith(UNITS[i], at)
          && (best < 0 || UNITS[i].length() > UNITS[best].length())) {
        best = i;
      }
    }
    return best;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private boolean peekIs(char c) {
    return pos < query.length() && query.charAt(pos) == c;
  }

  private boolean match(char c) {
    if (peekIs(c)) {
      pos++;
      return true;
    }
    return false;
  }

  private Token single(TokenType type, int start) {
    pos++;
    return token(type, start);
  }

  private Token token(TokenType type, int start) {
    return Token.of(type, query.substring(start, pos), start);
  }

  private TraceQlException error(int offset, String reason) {
    return new TraceQlException(TraceQlException.Phase.PARSE, query, offset, reason);
  }
}
