package dev.hopscope.query;

import dev.hopscope.model.SpanId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Tempo's nested-set numbering of one trace's span tree, computed at query time from the parent
 * links (Tempo computes it when it writes a block; the numbers agree for the same tree).
 *
 * <p>A depth-first walk from each root in turn, roots and children in the trace's span order (start
 * time, then span id), hands out one counter starting at 1: a span's left on the way down, its
 * right on the way back up, so a descendant's left and right lie strictly between its ancestor's.
 * The parent number is the parent's left, -1 on a root. As in Tempo, only spans without a parent id
 * are roots: a span whose parent never arrived, and everything below it, stays unnumbered (0, 0,
 * 0), and so does every span when the trace has no root or when more than two spans share one span
 * id (Tempo takes that as invalid data).
 */
final class NestedSets {
  static final int ROOT_PARENT = -1;

  final int[] left;
  final int[] right;
  final int[] parent;

  private NestedSets(int size) {
    left = new int[size];
    right = new int[size];
    parent = new int[size];
  }

  static NestedSets of(TraceContext context) {
    int size = context.size();
    NestedSets sets = new NestedSets(size);
    if (tooManySharedIds(context)) {
      return sets;
    }
    // Children as linked lists in span order: first child, next sibling.
    int[] firstChild = new int[size];
    int[] lastChild = new int[size];
    int[] nextSibling = new int[size];
    Arrays.fill(firstChild, -1);
    Arrays.fill(nextSibling, -1);
    for (int i = 0; i < size; i++) {
      int p = context.parents[i];
      if (p < 0) {
        continue;
      }
      if (firstChild[p] < 0) {
        firstChild[p] = i;
      } else {
        nextSibling[lastChild[p]] = i;
      }
      lastChild[p] = i;
    }
    int counter = 1;
    // Each span has one parent, so a walk from the roots meets a span at most once; spans on a
    // parent cycle have no root above them and are never reached. The stack holds the path.
    int[] stack = new int[size];
    int[] nextChild = new int[size];
    for (int root = 0; root < size; root++) {
      if (context.span(root).parentSpanId().isPresent()) {
        continue;
      }
      int depth = 0;
      stack[depth++] = root;
      sets.left[root] = counter++;
      sets.parent[root] = ROOT_PARENT;
      nextChild[root] = firstChild[root];
      while (depth > 0) {
        int node = stack[depth - 1];
        int child = nextChild[node];
        if (child >= 0) {
          nextChild[node] = nextSibling[child];
          sets.left[child] = counter++;
          sets.parent[child] = sets.left[node];
          nextChild[child] = firstChild[child];
          stack[depth++] = child;
        } else {
          sets.right[node] = counter++;
          depth--;
        }
      }
    }
    return sets;
  }

  private static boolean tooManySharedIds(TraceContext context) {
    Map<SpanId, Integer> counts = new HashMap<>();
    for (int i = 0; i < context.size(); i++) {
      if (counts.merge(context.span(i).spanId(), 1, Integer::sum) > 2) {
        return true;
      }
    }
    return false;
  }
}
