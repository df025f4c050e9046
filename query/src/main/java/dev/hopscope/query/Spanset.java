package dev.hopscope.query;

import dev.hopscope.query.traceql.FieldExpr;
import dev.hopscope.query.traceql.Value;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A set of spans of one trace during evaluation, as indexes into {@link TraceContext#spans}, with
 * the values describing the set (group key, aggregates) and the fields to report per span.
 */
record Spanset(BitSet spans, Map<String, Value> attributes, Set<FieldExpr> selected) {

  static Spanset all(TraceContext context) {
    BitSet all = new BitSet(context.size());
    all.set(0, context.size());
    return new Spanset(all, Map.of(), Set.of());
  }

  Spanset withSpans(BitSet newSpans) {
    return new Spanset(newSpans, attributes, selected);
  }

  Spanset withAttribute(String key, Value value) {
    Map<String, Value> copy = new LinkedHashMap<>(attributes);
    copy.put(key, value);
    return new Spanset(spans, copy, selected);
  }

  Spanset withSelected(Iterable<FieldExpr> fields) {
    Set<FieldExpr> copy = new LinkedHashSet<>(selected);
    fields.forEach(copy::add);
    return new Spanset(spans, attributes, copy);
  }

  boolean isEmpty() {
    return spans.isEmpty();
  }
}
