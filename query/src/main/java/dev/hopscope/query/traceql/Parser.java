package dev.hopscope.query.traceql;

import dev.hopscope.model.SpanKind;
import dev.hopscope.model.StatusCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Recursive descent over the tokens; every error names what was expected and what was found. */
final class Parser {
  private final String query;
  private final List<Token> tokens;
  private int index;

  /** In a metrics query a pipeline ends before {@code | rate()}; the metrics parser takes it. */
  private final boolean metrics;

  Parser(String query, boolean metrics) {
    this.query = query;
    this.tokens = Lexer.tokenize(query);
    QueryShape.check(query, tokens);
    this.metrics = metrics;
  }

  /** A query before semantic checks: its pipeline and its {@code with (...)} hints. */
  record Parsed(SpansetExpr.Pipeline pipeline, Map<String, Value> hints) {}

  /** Parses without semantic checks; see {@link Validator}. */
  static Parsed parse(String query) {
    Parser parser = new Parser(query, false);
    SpansetExpr.Pipeline pipeline = parser.pipeline();
    Map<String, Value> hints = parser.hints();
    Token end = parser.peek();
    if (end.type() != TokenType.EOF) {
      throw parser.error(
          end,
          end.type() == TokenType.RIGHT_PAREN
              ? "found ')' without a matching '('"
              : "expected '|' or end of query, found " + end.describe());
    }
    return new Parsed(pipeline, hints);
  }

  /** {@code with (name = value, ...)} after the pipeline, as Tempo writes query hints. */
  Map<String, Value> hints() {
    Map<String, Value> hints = new LinkedHashMap<>();
    if (!(peek().type() == TokenType.IDENTIFIER && peek().text().equals("with"))) {
      return hints;
    }
    advance();
    expect(TokenType.LEFT_PAREN, "'(' after with");
    do {
      Token name = advance();
      if (name.type() != TokenType.IDENTIFIER) {
        throw error(name, "expected a hint name such as most_recent, found " + name.describe());
      }
      expect(TokenType.EQ, "'=' after the hint name " + name.text());
      Token valueStart = peek();
      Value literal = constant(unary());
      if (literal == null) {
        throw error(valueStart, "expected a literal value for hint " + name.text());
      }
      hints.put(name.text(), literal);
    } while (match(TokenType.COMMA));
    expect(TokenType.RIGHT_PAREN, "',' or ')' in with(");
    return hints;
  }

  /** The value of a literal or a negated number literal; null for anything else. */
  private static @Nullable Value constant(FieldExpr expr) {
    if (expr instanceof FieldExpr.Literal literal) {
      return literal.value();
    }
    if (expr instanceof FieldExpr.Unary unary
        && unary.op() == UnaryOp.NEGATE
        && unary.operand() instanceof FieldExpr.Literal literal) {
      return switch (literal.value()) {
        case Value.IntValue i -> new Value.IntValue(-i.value());
        case Value.FloatValue f -> new Value.FloatValue(-f.value());
        default -> null;
      };
    }
    return null;
  }

  SpansetExpr.Pipeline pipeline() {
    int position = peek().offset();
    List<Stage> stages = new ArrayList<>();
    addStage(stages, element(true));
    while (peek().type() == TokenType.PIPE && !(metrics && metricsStageFollows())) {
      advance();
      addStage(stages, element(false));
    }
    return new SpansetExpr.Pipeline(stages, position);
  }

  /** True when the token after the current {@code |} names a metrics function or topk/bottomk. */
  private boolean metricsStageFollows() {
    Token next = tokens.get(Math.min(index + 1, tokens.size() - 1));
    return next.type() == TokenType.IDENTIFIER
        && (MetricsFunction.named(next.text()).isPresent()
            || next.text().equals("topk")
            || next.text().equals("bottomk"));
  }

  /** A parenthesised pipeline used as a stage is the same as its stages written inline. */
  private static void addStage(List<Stage> stages, Stage stage) {
    if (stage instanceof SpansetExpr.Pipeline nested) {
      stages.addAll(nested.stages());
    } else {
      stages.add(stage);
    }
  }

  private Stage element(boolean first) {
    Token token = peek();
    switch (token.type()) {
      case LEFT_BRACE, LEFT_PAREN -> {
        return spansetExpression(1);
      }
      case IDENTIFIER -> {
        switch (token.text()) {
          case "count", "avg", "min", "max", "sum" -> {
            return scalarFilter();
          }
          case "by" -> {
            advance();
            expect(TokenType.LEFT_PAREN, "'(' after by");
            FieldExpr expression = fieldArgument("by");
            expect(TokenType.RIGHT_PAREN, "')' to close by(");
            return new Stage.GroupBy(expression, token.offset());
          }
          case "select" -> {
            return select();
          }
          case "coalesce" -> {
            if (first) {
              throw error(token, "a pipeline cannot start with coalesce(); put a spanset first");
            }
            advance();
            expect(TokenType.LEFT_PAREN, "'(' after coalesce");
            expect(TokenType.RIGHT_PAREN, "')': coalesce() takes no argument");
            return new Stage.Coalesce(token.offset());
          }
          case "topk", "bottomk" ->
              throw error(
                  token,
                  token.text()
                      + "() ranks the series of a metrics query; put a metrics function before"
                      + " it, e.g. { } | rate() by (name) | "
                      + token.text()
                      + "(10)");
          default -> {
            if (MetricsFunction.named(token.text()).isPresent()) {
              throw error(
                  token,
                  token.text()
                      + "() makes this a metrics query: run it at /api/metrics/query_range"
                      + " (Tempo: /tempo/api/metrics/query_range; Grafana: query type Metrics),"
                      + " or remove '| "
                      + token.text()
                      + "(...)' to search for traces");
            }
          }
        }
      }
      default -> {}
    }
    throw error(
        token,
        "expected '{', '(', an aggregate (count, avg, min, max, sum), by(), select()"
            + (first ? "" : " or coalesce()")
            + ", found "
            + token.describe());
  }

  SpansetExpr spansetExpression(int minPrecedence) {
    SpansetExpr left = spansetPrimary();
    while (true) {
      Token token = peek();
      SpansetOp op = spansetOp(token);
      if (op == null || op.precedence() < minPrecedence) {
        return left;
      }
      advance();
      SpansetExpr right = spansetExpression(op.precedence() + 1);
      left = new SpansetExpr.Operation(op, left, right, token.offset());
    }
  }

  private static @Nullable SpansetOp spansetOp(Token token) {
    if (token.type() == TokenType.NOT_STRUCTURAL || token.type() == TokenType.UNION_STRUCTURAL) {
      for (SpansetOp op : SpansetOp.values()) {
        if (op.symbol().equals(token.text())) {
          return op;
        }
      }
    }
    return switch (token.type()) {
      case NOT_REGEX -> SpansetOp.NOT_SIBLING;
      case AND -> SpansetOp.AND;
      case OR -> SpansetOp.OR;
      case GT -> SpansetOp.CHILD;
      case DESCENDANT -> SpansetOp.DESCENDANT;
      case LT -> SpansetOp.PARENT;
      case ANCESTOR -> SpansetOp.ANCESTOR;
      case TILDE -> SpansetOp.SIBLING;
      default -> null;
    };
  }

  SpansetExpr spansetPrimary() {
    Token token = advance();
    if (token.type() == TokenType.LEFT_BRACE) {
      if (match(TokenType.RIGHT_BRACE)) {
        return new SpansetExpr.Filter(Optional.empty(), token.offset());
      }
      FieldExpr condition = fieldExpression(0);
      expect(TokenType.RIGHT_BRACE, "'}' or an operator");
      return new SpansetExpr.Filter(Optional.of(condition), token.offset());
    }
    if (token.type() == TokenType.LEFT_PAREN) {
      SpansetExpr.Pipeline inner = pipeline();
      expect(TokenType.RIGHT_PAREN, "')' or '|'");
      if (inner.stages().size() == 1 && inner.stages().get(0) instanceof SpansetExpr single) {
        return single;
      }
      return inner;
    }
    throw error(token, "expected '{' or '(' to start a spanset, found " + token.describe());
  }

  private Stage scalarFilter() {
    Stage.Aggregate aggregate = aggregate();
    Token opToken = advance();
    BinaryOp op = numericComparison(opToken.type());
    if (op == null) {
      throw error(
          opToken,
          "expected a comparison (=, !=, <, <=, >, >=) after "
              + aggregate
              + ", found "
              + opToken.describe());
    }
    Value value = new ConstantFolder(this).sum(aggregate.toString());
    return new Stage.ScalarFilter(aggregate, op, value, aggregate.position());
  }

  private Stage.Aggregate aggregate() {
    Token name = advance();
    AggregateKind kind = AggregateKind.valueOf(name.text().toUpperCase(java.util.Locale.ROOT));
    expect(TokenType.LEFT_PAREN, "'(' after " + name.text());
    if (kind == AggregateKind.COUNT) {
      expect(TokenType.RIGHT_PAREN, "')': count() takes no argument");
      return new Stage.Aggregate(kind, Optional.empty(), name.offset());
    }
    FieldExpr argument = fieldArgument(name.text());
    expect(TokenType.RIGHT_PAREN, "')' to close " + name.text() + "(");
    return new Stage.Aggregate(kind, Optional.of(argument), name.offset());
  }

  private FieldExpr fieldArgument(String function) {
    if (peek().type() == TokenType.RIGHT_PAREN) {
      throw error(
          peek(), "expected a field expression in " + function + "(), e.g. " + function + "(.x)");
    }
    return fieldExpression(0);
  }

  private Stage select() {
    Token select = advance();
    expect(TokenType.LEFT_PAREN, "'(' after select");
    if (peek().type() == TokenType.RIGHT_PAREN) {
      throw error(peek(), "expected an attribute or intrinsic in select(), e.g. select(.x)");
    }
    List<FieldExpr> fields = new ArrayList<>();
    do {
      Token start = peek();
      FieldExpr field = primary();
      if (!(field instanceof FieldExpr.Attribute
          || field instanceof FieldExpr.IntrinsicField
          || field instanceof FieldExpr.UnknownName)) {
        throw error(start, "expected an attribute or intrinsic in select(), found " + field);
      }
      fields.add(field);
    } while (match(TokenType.COMMA));
    expect(TokenType.RIGHT_PAREN, "',' or ')' in select(");
    return new Stage.Select(fields, select.offset());
  }

  FieldExpr fieldExpression(int minPrecedence) {
    FieldExpr left = unary();
    boolean compared = false;
    while (true) {
      Token token = peek();
      BinaryOp op = binaryOp(token.type());
      if (op == null || op.precedence() < minPrecedence) {
        return left;
      }
      if (op.isComparison() && compared) {
        throw error(token, "comparisons do not chain; combine them with && or ||");
      }
      advance();
      int next = op == BinaryOp.POW ? op.precedence() : op.precedence() + 1;
      FieldExpr right = fieldExpression(next);
      left = new FieldExpr.Binary(op, left, right, token.offset());
      compared = op.isComparison();
    }
  }

  /**
   * The operator a token spells, or null: the one table from tokens to operators, which the metrics
   * parser and the constant folder read too.
   */
  static @Nullable BinaryOp binaryOp(TokenType type) {
    return switch (type) {
      case OR -> BinaryOp.OR;
      case AND -> BinaryOp.AND;
      case EQ -> BinaryOp.EQ;
      case NEQ -> BinaryOp.NEQ;
      case LT -> BinaryOp.LT;
      case LTE -> BinaryOp.LTE;
      case GT -> BinaryOp.GT;
      case GTE -> BinaryOp.GTE;
      case REGEX -> BinaryOp.REGEX;
      case NOT_REGEX -> BinaryOp.NOT_REGEX;
      case PLUS -> BinaryOp.ADD;
      case MINUS -> BinaryOp.SUB;
      case STAR -> BinaryOp.MUL;
      case SLASH -> BinaryOp.DIV;
      case PERCENT -> BinaryOp.MOD;
      case CARET -> BinaryOp.POW;
      default -> null;
    };
  }

  /** {@code = != < <= > >=}, the comparisons a number takes (a regex match is not one), or null. */
  static @Nullable BinaryOp numericComparison(TokenType type) {
    BinaryOp op = binaryOp(type);
    return op != null && op.isComparison() && op != BinaryOp.REGEX && op != BinaryOp.NOT_REGEX
        ? op
        : null;
  }

  /** Prefix operators bind tighter than everything but {@code ^}: {@code -2^2} is {@code -(4)}. */
  private FieldExpr unary() {
    Token token = peek();
    if (token.type() == TokenType.MINUS || token.type() == TokenType.NOT) {
      advance();
      FieldExpr operand = fieldExpression(BinaryOp.POW.precedence());
      return new FieldExpr.Unary(
          token.type() == TokenType.MINUS ? UnaryOp.NEGATE : UnaryOp.NOT, operand, token.offset());
    }
    return primary();
  }

  FieldExpr primary() {
    Token token = advance();
    int at = token.offset();
    return switch (token.type()) {
      case LEFT_PAREN -> {
        FieldExpr inner = fieldExpression(0);
        expect(TokenType.RIGHT_PAREN, "')' or an operator");
        yield inner;
      }
      case STRING -> literal(new Value.StringValue(token.text()), at);
      case INTEGER -> literal(new Value.IntValue(Long.parseLong(token.text())), at);
      case FLOAT -> literal(new Value.FloatValue(Double.parseDouble(token.text())), at);
      case DURATION -> literal(new Value.DurationValue(token.durationNanos()), at);
      case ATTRIBUTE ->
          new FieldExpr.Attribute(AttributeScope.fromPrefix(token.scope()), token.text(), at);
      case SCOPED_INTRINSIC ->
          Intrinsic.scoped(token.scope(), token.text())
              .<FieldExpr>map(intrinsic -> new FieldExpr.IntrinsicField(intrinsic, at))
              .orElseGet(() -> new FieldExpr.UnknownName(token.scope() + ":" + token.text(), at));
      case IDENTIFIER -> word(token);
      default ->
          throw error(
              token,
              "expected a value, attribute (.x, span.x, resource.x) or intrinsic, found "
                  + token.describe());
    };
  }

  private FieldExpr word(Token token) {
    int at = token.offset();
    return switch (token.text()) {
      case "true" -> literal(new Value.BoolValue(true), at);
      case "false" -> literal(new Value.BoolValue(false), at);
      case "nil" -> literal(Value.NilValue.INSTANCE, at);
      case "minInt" -> literal(new Value.IntValue(Long.MIN_VALUE), at);
      case "maxInt" -> literal(new Value.IntValue(Long.MAX_VALUE), at);
      case "ok" -> literal(new Value.StatusValue(StatusCode.OK), at);
      case "error" -> literal(new Value.StatusValue(StatusCode.ERROR), at);
      case "unset" -> literal(new Value.StatusValue(StatusCode.UNSET), at);
      case "unspecified" -> literal(new Value.KindValue(SpanKind.UNSPECIFIED), at);
      case "internal" -> literal(new Value.KindValue(SpanKind.INTERNAL), at);
      case "server" -> literal(new Value.KindValue(SpanKind.SERVER), at);
      case "client" -> literal(new Value.KindValue(SpanKind.CLIENT), at);
      case "producer" -> literal(new Value.KindValue(SpanKind.PRODUCER), at);
      case "consumer" -> literal(new Value.KindValue(SpanKind.CONSUMER), at);
      default ->
          Intrinsic.unscoped(token.text())
              .<FieldExpr>map(intrinsic -> new FieldExpr.IntrinsicField(intrinsic, at))
              .orElseGet(() -> new FieldExpr.UnknownName(token.text(), at));
    };
  }

  private static FieldExpr literal(Value value, int at) {
    return new FieldExpr.Literal(value, at);
  }

  Token peek() {
    return tokens.get(index);
  }

  /** The token {@code ahead} places after the current one (the end-of-query token past the end). */
  Token peek(int ahead) {
    return tokens.get(Math.min(index + ahead, tokens.size() - 1));
  }

  /** Where the parser is in {@link #tokens()}. */
  int index() {
    return index;
  }

  List<Token> tokens() {
    return tokens;
  }

  Token advance() {
    Token token = tokens.get(index);
    if (token.type() != TokenType.EOF) {
      index++;
    }
    return token;
  }

  boolean match(TokenType type) {
    if (peek().type() == type) {
      advance();
      return true;
    }
    return false;
  }

  void expect(TokenType type, String expected) {
    Token token = peek();
    if (token.type() != type) {
      throw error(token, "expected " + expected + ", found " + token.describe());
    }
    advance();
  }

  TraceQlException error(Token token, String reason) {
    return error(token.offset(), reason);
  }

  TraceQlException error(int offset, String reason) {
    return new TraceQlException(TraceQlException.Phase.PARSE, query, offset, reason);
  }
}
