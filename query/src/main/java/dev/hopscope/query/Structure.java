package dev.hopscope.query;

import dev.hopscope.query.traceql.SpansetOp;
import java.util.BitSet;

/** The structural operators: which right-hand spans stand in the relation to a left-hand span. */
final class Structure {
  private Structure() {}

  /**
   * Spans of {@code right} related to a span of {@code left}; for the union forms also the spans of
   * {@code left} that take part, for the negated forms the spans of {@code right} that do not.
   */
  static BitSet evaluate(SpansetOp op, BitSet left, BitSet right, TraceContext context) {
    BitSet related = related(op.base(), left, right, context);
    if (op.isNegated()) {
      BitSet unrelated = (BitSet) right.clone();
      unrelated.andNot(related);
      return unrelated;
    }
    if (op.isUnion()) {
      related.or(related(op.inverse(), related, left, context));
    }
    return related;
  }

  static BitSet related(SpansetOp op, BitSet left, BitSet right, TraceContext context) {
    BitSet result = new BitSet();
    int[] parents = context.parents;
    switch (op) {
      case CHILD -> {
        for (int r = right.nextSetBit(0); r >= 0; r = right.nextSetBit(r + 1)) {
          if (parents[r] >= 0 && left.get(parents[r])) {
            result.set(r);
          }
        }
      }
      case DESCENDANT -> {
        for (int r = right.nextSetBit(0); r >= 0; r = right.nextSetBit(r + 1)) {
          if (hasAncestorIn(r, left, parents)) {
            result.set(r);
          }
        }
      }
      case PARENT -> {
        for (int l = left.nextSetBit(0); l >= 0; l = left.nextSetBit(l + 1)) {
          if (parents[l] >= 0 && right.get(parents[l])) {
            result.set(parents[l]);
          }
        }
      }
      case ANCESTOR -> {
        for (int l = left.nextSetBit(0); l >= 0; l = left.nextSetBit(l + 1)) {
          // Bounded walk: a corrupt trace may link spans in a cycle.
          int steps = 0;
          for (int a = parents[l]; a >= 0 && steps < parents.length; a = parents[a], steps++) {
            if (right.get(a)) {
              result.set(a);
            }
          }
        }
      }
      case SIBLING -> {
        int[] leftChildren = new int[parents.length];
        for (int l = left.nextSetBit(0); l >= 0; l = left.nextSetBit(l + 1)) {
          if (parents[l] >= 0) {
            leftChildren[parents[l]]++;
          }
        }
        for (int r = right.nextSetBit(0); r >= 0; r = right.nextSetBit(r + 1)) {
          // A span is not its own sibling: discount it when it is on the left as well.
          if (parents[r] >= 0 && leftChildren[parents[r]] - (left.get(r) ? 1 : 0) > 0) {
            result.set(r);
          }
        }
      }
      default -> throw new IllegalArgumentException(op + " is not a plain structural relation");
    }
    return result;
  }

  private static boolean hasAncestorIn(int span, BitSet candidates, int[] parents) {
    int steps = 0;
    for (int a = parents[span]; a >= 0 && steps < parents.length; a = parents[a], steps++) {
      if (candidates.get(a)) {
        return true;
      }
    }
    return false;
  }
}
