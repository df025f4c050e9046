package dev.hopscope.query.traceql;

import java.util.List;

/**
 * Bounds on a query's size and nesting, checked on its tokens before any recursive step. Parsing,
 * validation and evaluation recurse over the syntax tree, so a query from the network nested
 * 100,000 levels deep (or chaining 100,000 operators, which parse into a tree as deep) would
 * overflow the stack of the thread serving it; such a query gets a clear error instead. The bounds
 * are far above what people write: Tempo's own example queries use at most a few dozen tokens and
 * nest a few levels.
 */
final class QueryShape {
  /** Tokens in a query; a chain of operators parses into a tree at most half as deep. */
  static final int MAX_TOKENS = 2_048;

  /** Open parentheses and braces, counted with runs of prefix operators. */
  static final int MAX_NESTING = 64;

  private QueryShape() {}

  static void check(String query, List<Token> tokens) {
    if (tokens.size() > MAX_TOKENS) {
      throw new TraceQlException(
          TraceQlException.Phase.PARSE,
          query,
          tokens.get(MAX_TOKENS).offset(),
          "the query has "
              + tokens.size()
              + " tokens, more than the "
              + MAX_TOKENS
              + " a query may have; split it into several queries or match a set of values with a"
              + " regular expression (=~)");
    }
    int open = 0;
    int prefixRun = 0;
    for (Token token : tokens) {
      switch (token.type()) {
        case LEFT_PAREN, LEFT_BRACE -> open++;
        case RIGHT_PAREN, RIGHT_BRACE -> open = Math.max(0, open - 1);
        default -> {}
      }
      boolean prefix = token.type() == TokenType.NOT || token.type() == TokenType.MINUS;
      prefixRun = prefix ? prefixRun + 1 : 0;
      if (open + prefixRun > MAX_NESTING) {
        throw new TraceQlException(
            TraceQlException.Phase.PARSE,
            query,
            token.offset(),
            "the query nests deeper than "
                + MAX_NESTING
                + " levels (parentheses, braces and prefix operators such as ! and - count);"
                + " remove redundant parentheses or operators");
      }
    }
  }
}
