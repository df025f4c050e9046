package dev.hopscope.query.traceql;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Parses metrics queries on top of {@link Parser}, which reads the search pipelines inside them.
 *
 * <p>A {@code (} can open a metrics pipeline ({@code ({ } | rate())}), a parenthesised expression
 * ({@code (({ } | rate()) * 2)}) or a spanset pipeline ({@code ({ .a } && { .b }) | rate()}).
 * Rather than backtrack (exponential on deeply nested input from the network), one pass over the
 * tokens first marks every {@code (} that directly holds a {@code | metricsFunction}: those open a
 * metrics pipeline, the others an expression; a query whose top level holds one is a pipeline
 * followed by its metrics function.
 */
final class MetricsParser {
  /** The mark of the top level, which has no {@code (} token. */
  private static final int TOP = -1;

  private final Parser parser;
  private final Set<Integer> opensMetricsPipeline = new HashSet<>();

  record Parsed(MetricsExpr root, Map<String, Value> hints) {}

  private MetricsParser(Parser parser) {
    this.parser = parser;
    Deque<Integer> open = new ArrayDeque<>();
    List<Token> tokens = parser.tokens();
    for (int i = 0; i < tokens.size(); i++) {
      switch (tokens.get(i).type()) {
        case LEFT_PAREN -> open.push(i);
        case RIGHT_PAREN -> open.poll();
        case PIPE -> {
          if (i + 1 < tokens.size() && isMetricsFunction(tokens.get(i + 1))) {
            opensMetricsPipeline.add(open.isEmpty() ? TOP : open.peek());
          }
        }
        default -> {}
      }
    }
  }

  static Parsed parse(String query) {
    Parser parser = new Parser(query, true);
    if (!usesMetricsFunction(parser.tokens())) {
      throw parser.error(
          parser.peek(),
          "this is a search query, not a metrics query: end the pipeline with a metrics function,"
              + " e.g. { } | rate() by (resource.service.name), or send it to /api/search");
    }
    MetricsParser metrics = new MetricsParser(parser);
    MetricsExpr root = metrics.root();
    Map<String, Value> hints = parser.hints();
    Token end = parser.peek();
    if (end.type() != TokenType.EOF) {
      throw parser.error(end, metrics.unexpectedEnd(end));
    }
    return new Parsed(root, hints);
  }

  /** True when some metrics function name is followed by {@code (}. */
  static boolean usesMetricsFunction(List<Token> tokens) {
    for (int i = 0; i + 1 < tokens.size(); i++) {
      if (isMetricsFunction(tokens.get(i)) && tokens.get(i + 1).type() == TokenType.LEFT_PAREN) {
        return true;
      }
    }
    return false;
  }

  private static boolean isMetricsFunction(Token token) {
    return token.type() == TokenType.IDENTIFIER && MetricsFunction.named(token.text()).isPresent();
  }

  private String unexpectedEnd(Token end) {
    return switch (end.type()) {
      case PLUS, MINUS, STAR, SLASH ->
          "arithmetic needs each metrics query in parentheses, e.g. ({ } | rate()) "
              + end.text()
              + " 5";
      case RIGHT_PAREN -> "found ')' without a matching '('";
      default ->
          "expected '| topk(n)', '| bottomk(n)', a comparison such as > 10, with (...) or end of"
              + " query, found "
              + end.describe();
    };
  }

  private MetricsExpr root() {
    Token first = parser.peek();
    if (opensMetricsPipeline.contains(TOP)) {
      if (first.type() == TokenType.MINUS
          || first.type() == TokenType.INTEGER
          || first.type() == TokenType.FLOAT) {
        throw parser.error(
            first, "arithmetic needs each metrics query in parentheses, e.g. 5 + ({ } | rate())");
      }
      return staged(aggregation());
    }
    Operand operand = additive();
    if (!(operand instanceof Operand.Series series)) {
      throw parser.error(
          first,
          "a metrics query needs a metrics pipeline such as ({ } | rate()); numbers alone"
              + " compute nothing");
    }
    return staged(series.expr());
  }

  private MetricsExpr aggregation() {
    int position = parser.peek().offset();
    SpansetExpr.Pipeline pipeline = parser.pipeline();
    parser.expect(TokenType.PIPE, "'|' and a metrics function such as rate()");
    return new MetricsExpr.Aggregation(pipeline, aggregate(), position);
  }

  private MetricsAggregate aggregate() {
    Token name = parser.advance();
    MetricsFunction function =
        MetricsFunction.named(name.type() == TokenType.IDENTIFIER ? name.text() : "")
            .orElseThrow(
                () ->
                    parser.error(
                        name,
                        "expected a metrics function (rate, count_over_time, min_over_time,"
                            + " max_over_time, sum_over_time, avg_over_time, quantile_over_time,"
                            + " histogram_over_time, compare), found "
                            + name.describe()));
    String text = function.text();
    parser.expect(TokenType.LEFT_PAREN, "'(' after " + text);
    Optional<FieldExpr> attribute = Optional.empty();
    List<Double> quantiles = new ArrayList<>();
    Optional<MetricsAggregate.Compare> compare = Optional.empty();
    switch (function) {
      case RATE, COUNT_OVER_TIME ->
          parser.expect(TokenType.RIGHT_PAREN, "')': " + text + "() takes no argument");
      case QUANTILE_OVER_TIME -> {
        attribute = Optional.of(field(text));
        parser.expect(
            TokenType.COMMA, "',' and the quantiles, e.g. quantile_over_time(duration, .5, .99)");
        do {
          quantiles.add(quantile(parser.advance()));
        } while (parser.match(TokenType.COMMA));
        parser.expect(TokenType.RIGHT_PAREN, "',' or ')' in quantile_over_time(");
      }
      case COMPARE -> compare = Optional.of(compareArguments());
      default -> {
        attribute = Optional.of(field(text));
        parser.expect(TokenType.RIGHT_PAREN, "')': " + text + "() takes one field");
      }
    }
    List<FieldExpr> by = new ArrayList<>();
    if (parser.peek().type() == TokenType.IDENTIFIER && parser.peek().text().equals("by")) {
      parser.advance();
      parser.expect(TokenType.LEFT_PAREN, "'(' after by");
      do {
        by.add(field("by"));
      } while (parser.match(TokenType.COMMA));
      parser.expect(TokenType.RIGHT_PAREN, "',' or ')' in by(");
    }
    return new MetricsAggregate(function, attribute, quantiles, by, compare, name.offset());
  }

  /**
   * A quantile: a number, or {@code .99} as Tempo's docs write it, which the lexer reads as an
   * unscoped attribute named {@code 99}.
   */
  private double quantile(Token number) {
    if (number.type() == TokenType.INTEGER || number.type() == TokenType.FLOAT) {
      return Double.parseDouble(number.text());
    }
    if (number.type() == TokenType.ATTRIBUTE
        && number.scope().isEmpty()
        && number.text().matches("[0-9]+")) {
      return Double.parseDouble("0." + number.text());
    }
    throw parser.error(
        number, "expected a quantile between 0 and 1 such as .99, found " + number.describe());
  }

  /** {@code { filter }[, topN[, start, end]]}, the closing parenthesis included. */
  private MetricsAggregate.Compare compareArguments() {
    Token start = parser.peek();
    if (start.type() != TokenType.LEFT_BRACE) {
      throw parser.error(
          start,
          "compare() takes a spanset filter first, e.g. compare({ status = error }), found "
              + start.describe());
    }
    SpansetExpr.Filter selection = (SpansetExpr.Filter) parser.spansetPrimary();
    List<Long> numbers = new ArrayList<>();
    while (parser.match(TokenType.COMMA)) {
      Token number = parser.advance();
      if (number.type() != TokenType.INTEGER) {
        throw parser.error(
            number,
            "expected a whole number (the values to keep, then the selection's start and end in"
                + " unix nanoseconds), found "
                + number.describe());
      }
      numbers.add(Long.parseLong(number.text()));
    }
    if (numbers.size() == 2 || numbers.size() > 3) {
      throw parser.error(
          parser.peek(),
          "compare() takes a filter, then optionally the values to keep, then optionally both"
              + " start and end: compare({ status = error }, 10, 1733000000000000000,"
              + " 1733000600000000000)");
    }
    parser.expect(TokenType.RIGHT_PAREN, "',' or ')' in compare(");
    long topN = numbers.isEmpty() ? MetricsAggregate.Compare.DEFAULT_TOP_N : numbers.get(0);
    int clamped = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, topN));
    return numbers.size() == 3
        ? new MetricsAggregate.Compare(selection, clamped, numbers.get(1), numbers.get(2))
        : new MetricsAggregate.Compare(selection, clamped, 0, 0);
  }

  /** An attribute or intrinsic, as metrics functions and by() take (no expressions). */
  private FieldExpr field(String function) {
    Token start = parser.peek();
    if (start.type() == TokenType.RIGHT_PAREN) {
      throw parser.error(
          start, "expected a field in " + function + "(), e.g. " + function + "(duration)");
    }
    FieldExpr field = parser.primary();
    if (!(field instanceof FieldExpr.Attribute
        || field instanceof FieldExpr.IntrinsicField
        || field instanceof FieldExpr.UnknownName)) {
      throw parser.error(
          start,
          "expected an attribute or intrinsic such as duration or span.x in "
              + function
              + "(), found "
              + field);
    }
    return field;
  }

  private MetricsExpr staged(MetricsExpr expr) {
    List<SecondStage> stages = new ArrayList<>();
    while (true) {
      Token token = parser.peek();
      if (token.type() == TokenType.PIPE
          && parser.peek(1).type() == TokenType.IDENTIFIER
          && (parser.peek(1).text().equals("topk") || parser.peek(1).text().equals("bottomk"))) {
        parser.advance();
        Token name = parser.advance();
        parser.expect(TokenType.LEFT_PAREN, "'(' after " + name.text());
        Token count = parser.advance();
        if (count.type() != TokenType.INTEGER) {
          throw parser.error(
              count,
              "expected how many series to keep, a whole number such as "
                  + name.text()
                  + "(10), found "
                  + count.describe());
        }
        parser.expect(TokenType.RIGHT_PAREN, "')' to close " + name.text() + "(");
        stages.add(
            new SecondStage.TopK(
                name.text().equals("bottomk"), Long.parseLong(count.text()), name.offset()));
      } else if (Parser.numericComparison(token.type()) instanceof BinaryOp op) {
        parser.advance();
        Token valueStart = parser.peek();
        Operand value = additive();
        if (!(value instanceof Operand.Scalar scalar)) {
          throw parser.error(
              valueStart, "compare a metrics result with a number, e.g. > 10, not a query");
        }
        stages.add(new SecondStage.Filter(op, scalar.value(), token.offset()));
      } else {
        break;
      }
    }
    return stages.isEmpty() ? expr : new MetricsExpr.Staged(expr, stages, expr.position());
  }

  /** A side of metrics arithmetic: a number (folded as it is parsed) or series. */
  private sealed interface Operand {
    record Scalar(Value value) implements Operand {}

    record Series(MetricsExpr expr) implements Operand {}
  }

  private Operand additive() {
    Operand left = multiplicative();
    while (parser.peek().type() == TokenType.PLUS || parser.peek().type() == TokenType.MINUS) {
      Token op = parser.advance();
      left = combine(op, left, multiplicative());
    }
    return left;
  }

  private Operand multiplicative() {
    Operand left = factor();
    while (true) {
      Token op = parser.peek();
      if (op.type() == TokenType.PERCENT || op.type() == TokenType.CARET) {
        throw parser.error(op, "metrics arithmetic has + - * / only, found " + op.describe());
      }
      if (op.type() != TokenType.STAR && op.type() != TokenType.SLASH) {
        return left;
      }
      parser.advance();
      left = combine(op, left, factor());
    }
  }

  private Operand factor() {
    Token token = parser.peek();
    switch (token.type()) {
      case MINUS -> {
        parser.advance();
        Operand operand = factor();
        if (operand instanceof Operand.Scalar scalar) {
          return new Operand.Scalar(Scalars.negate(scalar.value()));
        }
        throw parser.error(token, "negate a metrics query by multiplying it: -1 * ({ } | rate())");
      }
      case INTEGER -> {
        parser.advance();
        return new Operand.Scalar(new Value.IntValue(Long.parseLong(token.text())));
      }
      case FLOAT -> {
        parser.advance();
        return new Operand.Scalar(new Value.FloatValue(Double.parseDouble(token.text())));
      }
      case DURATION -> {
        parser.advance();
        return new Operand.Scalar(new Value.DurationValue(token.durationNanos()));
      }
      case LEFT_PAREN -> {
        if (opensMetricsPipeline.contains(parser.index())) {
          parser.advance();
          MetricsExpr pipeline = staged(aggregation());
          parser.expect(TokenType.RIGHT_PAREN, "')' to close the metrics query");
          return new Operand.Series(pipeline);
        }
        parser.advance();
        Operand inner = additive();
        parser.expect(TokenType.RIGHT_PAREN, "')' or an operator");
        return inner;
      }
      case LEFT_BRACE ->
          throw parser.error(
              token,
              "arithmetic needs each metrics query in parentheses, e.g. ({ } | rate()) * 100");
      default ->
          throw parser.error(
              token,
              "expected a number or a metrics query in parentheses such as ({ } | rate()), found "
                  + token.describe());
    }
  }

  private Operand combine(Token op, Operand left, Operand right) {
    BinaryOp binary =
        Objects.requireNonNull(
            Parser.binaryOp(op.type()), "additive() and multiplicative() take + - * /");
    if (left instanceof Operand.Scalar l && right instanceof Operand.Scalar r) {
      if (l.value() instanceof Value.DurationValue || r.value() instanceof Value.DurationValue) {
        throw parser.error(
            op, "durations cannot be used in arithmetic here; compare with a single duration");
      }
      return new Operand.Scalar(Scalars.fold(binary, l.value(), r.value()));
    }
    if (left instanceof Operand.Series l && right instanceof Operand.Series r) {
      return new Operand.Series(new MetricsExpr.Math(binary, l.expr(), r.expr(), op.offset()));
    }
    boolean scalarOnLeft = left instanceof Operand.Scalar;
    Value scalar = ((Operand.Scalar) (scalarOnLeft ? left : right)).value();
    MetricsExpr series = ((Operand.Series) (scalarOnLeft ? right : left)).expr();
    if (scalar instanceof Value.DurationValue) {
      throw parser.error(
          op, "a duration cannot scale a metrics query; write a plain number such as 10");
    }
    return new Operand.Series(
        new MetricsExpr.ScalarMath(binary, scalar, series, scalarOnLeft, op.offset()));
  }
}
