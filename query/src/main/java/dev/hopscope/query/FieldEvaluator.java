package dev.hopscope.query;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Event;
import dev.hopscope.model.Link;
import dev.hopscope.model.Span;
import dev.hopscope.query.traceql.AttributeScope;
import dev.hopscope.query.traceql.BinaryOp;
import dev.hopscope.query.traceql.FieldExpr;
import dev.hopscope.query.traceql.Intrinsic;
import dev.hopscope.query.traceql.Value;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates field expressions for one span. A missing attribute is {@code nil}; every comparison
 * with {@code nil} is false except an explicit {@code = nil} / {@code != nil}; operands of
 * different types compare false under every operator, {@code !=} included. An array attribute
 * compares element by element ({@link Value.ArrayValue}).
 */
final class FieldEvaluator {
  private static final int EVENTS = 1;
  private static final int LINKS = 2;

  // One evaluator serves one search on one thread, so plain maps cache patterns and quantifiers.
  private final Map<String, Optional<Pattern>> patterns = new HashMap<>();
  private final Map<FieldExpr, Integer> quantifiers = new IdentityHashMap<>();

  // The event and link that event and link fields read while a filter is tested; null otherwise.
  private @Nullable Event event;
  private @Nullable Link link;

  /**
   * True when the span satisfies a filter condition. A condition with event (link) fields holds
   * when it holds for some event (link) of the span; a span without events is tested once with
   * every event field nil, so that {@code event.x = nil} finds it.
   */
  boolean matches(FieldExpr condition, TraceContext context, int span) {
    int quantified = quantifiers.computeIfAbsent(condition, FieldEvaluator::quantifiersOf);
    if (quantified == 0) {
      return test(condition, context, span);
    }
    Span current = context.span(span);
    List<Event> events = (quantified & EVENTS) != 0 ? current.events() : List.of();
    List<Link> links = (quantified & LINKS) != 0 ? current.links() : List.of();
    try {
      for (Event e : events.isEmpty() ? Collections.<Event>singletonList(null) : events) {
        for (Link l : links.isEmpty() ? Collections.<Link>singletonList(null) : links) {
          event = e;
          link = l;
          if (test(condition, context, span)) {
            return true;
          }
        }
      }
      return false;
    } finally {
      event = null;
      link = null;
    }
  }

  private static int quantifiersOf(FieldExpr expr) {
    return switch (expr) {
      case FieldExpr.Attribute attribute ->
          attribute.scope() == AttributeScope.EVENT
              ? EVENTS
              : attribute.scope() == AttributeScope.LINK ? LINKS : 0;
      case FieldExpr.IntrinsicField field ->
          field.intrinsic().isEventField() ? EVENTS : field.intrinsic().isLinkField() ? LINKS : 0;
      case FieldExpr.Unary unary -> quantifiersOf(unary.operand());
      case FieldExpr.Binary binary -> quantifiersOf(binary.left()) | quantifiersOf(binary.right());
      default -> 0;
    };
  }

  boolean test(FieldExpr expr, TraceContext context, int span) {
    return evaluate(expr, context, span) instanceof Value.BoolValue b && b.value();
  }

  Value evaluate(FieldExpr expr, TraceContext context, int index) {
    return switch (expr) {
      case FieldExpr.Literal literal -> literal.value();
      case FieldExpr.Attribute attribute -> attribute(attribute, context.span(index));
      case FieldExpr.IntrinsicField intrinsic -> intrinsic(intrinsic.intrinsic(), context, index);
      case FieldExpr.UnknownName unknown ->
          throw new IllegalStateException("unvalidated query: unknown name " + unknown.name());
      case FieldExpr.Unary unary -> {
        Value operand = evaluate(unary.operand(), context, index);
        yield switch (unary.op()) {
          case NOT ->
              operand instanceof Value.BoolValue b ? new Value.BoolValue(!b.value()) : nil();
          case NEGATE -> Values.negate(operand);
        };
      }
      case FieldExpr.Binary binary -> binary(binary, context, index);
    };
  }

  private Value binary(FieldExpr.Binary binary, TraceContext context, int index) {
    BinaryOp op = binary.op();
    if (op == BinaryOp.AND) {
      return new Value.BoolValue(
          test(binary.left(), context, index) && test(binary.right(), context, index));
    }
    if (op == BinaryOp.OR) {
      return new Value.BoolValue(
          test(binary.left(), context, index) || test(binary.right(), context, index));
    }
    Value left = evaluate(binary.left(), context, index);
    Value right = evaluate(binary.right(), context, index);
    if (op.isArithmetic()) {
      return Values.arithmetic(op, left, right);
    }
    if ((op == BinaryOp.EQ || op == BinaryOp.NEQ)
        && (isNilLiteral(binary.left()) || isNilLiteral(binary.right()))) {
      if (isNilLiteral(binary.left()) && isNilLiteral(binary.right())) {
        // Tempo folds nil = nil and nil != nil to false; so do we.
        return new Value.BoolValue(false);
      }
      boolean same = (left instanceof Value.NilValue) == (right instanceof Value.NilValue);
      return new Value.BoolValue(op == BinaryOp.EQ ? same : !same);
    }
    if (left instanceof Value.ArrayValue array && !(right instanceof Value.ArrayValue)) {
      return new Value.BoolValue(elements(op, array, right, true));
    }
    if (right instanceof Value.ArrayValue array && !(left instanceof Value.ArrayValue)) {
      return new Value.BoolValue(elements(op, array, left, false));
    }
    return new Value.BoolValue(scalar(op, left, right));
  }

  /**
   * An array compared with a scalar, element by element as Tempo does: {@code !=} and {@code !~}
   * hold when every element satisfies them (so an empty array is != anything), every other
   * comparison when some element does.
   */
  private boolean elements(BinaryOp op, Value.ArrayValue array, Value other, boolean arrayLeft) {
    boolean every = op == BinaryOp.NEQ || op == BinaryOp.NOT_REGEX;
    for (Value element : array.values()) {
      boolean holds = arrayLeft ? scalar(op, element, other) : scalar(op, other, element);
      if (holds != every) {
        return holds;
      }
    }
    return every;
  }

  private boolean scalar(BinaryOp op, Value left, Value right) {
    if (op == BinaryOp.REGEX || op == BinaryOp.NOT_REGEX) {
      if (!(left instanceof Value.StringValue text) || !(right instanceof Value.StringValue re)) {
        return false;
      }
      boolean found = matches(re.value(), text.value());
      return op == BinaryOp.REGEX ? found : !found;
    }
    return Values.compare(op, left, right);
  }

  /**
   * RE2 (re2j), as Tempo's Go regexp: matching takes time linear in the text whatever the pattern,
   * so a hostile {@code (a+)+$} cannot pin a query thread. An invalid pattern computed at run time
   * (literals were checked by validation) matches nothing.
   */
  private boolean matches(String regex, String text) {
    Optional<Pattern> pattern =
        patterns.computeIfAbsent(
            regex,
            r -> {
              try {
                return Optional.of(Pattern.compile(r));
              } catch (PatternSyntaxException e) {
                return Optional.empty();
              }
            });
    return pattern.isPresent() && pattern.get().matcher(text).matches();
  }

  private static boolean isNilLiteral(FieldExpr expr) {
    return expr instanceof FieldExpr.Literal literal && literal.value() instanceof Value.NilValue;
  }

  private static Value nil() {
    return Value.NilValue.INSTANCE;
  }

  private Value intrinsic(Intrinsic intrinsic, TraceContext context, int index) {
    return switch (intrinsic) {
      case EVENT_NAME -> event == null ? nil() : new Value.StringValue(event.name());
      case EVENT_TIME_SINCE_START ->
          event == null
              ? nil()
              : new Value.DurationValue(event.timeNanos() - context.span(index).startNanos());
      case LINK_TRACE_ID -> link == null ? nil() : new Value.StringValue(link.traceId().toHex());
      case LINK_SPAN_ID -> link == null ? nil() : new Value.StringValue(link.spanId().toHex());
      default -> Intrinsics.value(intrinsic, context, index);
    };
  }

  private Value attribute(FieldExpr.Attribute attribute, Span span) {
    AttributeValue value =
        switch (attribute.scope()) {
          case SPAN -> span.attributes().get(attribute.name());
          case RESOURCE -> span.resource().attributes().get(attribute.name());
          case INSTRUMENTATION -> span.scope().attributes().get(attribute.name());
          case NONE -> firstOf(span.attributes(), span.resource().attributes(), attribute.name());
          case EVENT -> event == null ? null : event.attributes().get(attribute.name());
          case LINK -> link == null ? null : link.attributes().get(attribute.name());
          case PARENT -> throw new IllegalStateException("unvalidated query: " + attribute);
        };
    return value == null ? nil() : Values.fromAttribute(value);
  }

  private static @Nullable AttributeValue firstOf(Attributes first, Attributes second, String key) {
    AttributeValue value = first.get(key);
    return value != null ? value : second.get(key);
  }
}
