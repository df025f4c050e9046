package dev.hopscope.query;

import static dev.hopscope.query.Shop.CHECKOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.memory.InMemoryTraceStore;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Tempo's nested-set numbering: exact numbers on the shop, broken trees, and its invariants. */
class NestedSetTest {
  private static final InMemoryTraceStore STORE = Shop.store();
  private static final EngineFixture SHOP = new EngineFixture(STORE);
  private static final TraceId T = new TraceId(0, 9);

  @AfterAll
  static void close() {
    STORE.close();
  }

  /** Left, right and parent of each span, in the trace's span order. */
  private static List<String> numbers(List<Span> spans) {
    NestedSets sets = NestedSets.of(new TraceContext(new Trace(T, spans)));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < spans.size(); i++) {
      out.add(sets.left[i] + "," + sets.right[i] + "," + sets.parent[i]);
    }
    return out;
  }

  private static Span span(long id, long parent, long startMs) {
    return Shop.span(T, id, parent, Shop.resource("s"), "s" + id, SpanKind.INTERNAL, startMs, 1)
        .build();
  }

  @Test
  void depthFirstInStartOrder() {
    // 1 ─┬─ 2 ── 3
    //    └─ 4
    List<String> numbers =
        numbers(List.of(span(1, 0, 0), span(2, 1, 1), span(3, 2, 2), span(4, 1, 3)));
    assertThat(numbers).containsExactly("1,8,-1", "2,5,1", "3,4,2", "6,7,1");
  }

  @Test
  void orphansAndTheirSubtreesStayUnnumbered() {
    // 1 ── 2, and 3 (parent 99 never arrived) ── 4
    List<String> numbers =
        numbers(List.of(span(1, 0, 0), span(2, 1, 1), span(3, 99, 2), span(4, 3, 3)));
    assertThat(numbers).containsExactly("1,4,-1", "2,3,1", "0,0,0", "0,0,0");
  }

  @Test
  void noRootLeavesEverySpanUnnumbered() {
    assertThat(numbers(List.of(span(1, 99, 0), span(2, 1, 1)))).containsExactly("0,0,0", "0,0,0");
  }

  @Test
  void aSpanThatIsItsOwnParentIsAnOrphan() {
    assertThat(numbers(List.of(span(1, 0, 0), span(2, 2, 1)))).containsExactly("1,2,-1", "0,0,0");
  }

  @Test
  void severalRootsNumberedOneAfterTheOther() {
    assertThat(numbers(List.of(span(1, 0, 0), span(2, 0, 1), span(3, 2, 2))))
        .containsExactly("1,2,-1", "3,6,-1", "4,5,3");
  }

  @Test
  void moreThanTwoSpansSharingAnIdLeaveTheTraceUnnumbered() {
    // Tempo takes this as invalid data (two may share an id: a Zipkin client/server pair).
    assertThat(numbers(List.of(span(1, 0, 0), span(2, 1, 1), span(2, 1, 2), span(2, 1, 3))))
        .containsOnly("0,0,0");
  }

  @Test
  void filtersAndSelectSeeTheNumbers() {
    // GET /checkout 1..10 ─┬─ POST auth 2..7 ── ValidateToken 3..6 ── SELECT users 4..5
    //                      └─ render 8..9
    assertThat(SHOP.spans("{ nestedSetParent = -1 && rootName = \"GET /checkout\" }"))
        .containsExactly("GET /checkout");
    assertThat(
            SHOP.spans(
                "{ nestedSetLeft > 2 && nestedSetRight < 7 && rootName = \"GET /checkout\" }"))
        .containsExactly("ValidateToken", "SELECT users");
    assertThat(SHOP.spans("{ span:nestedSetParent = 1 }"))
        .containsExactly("process charge", "SELECT products", "cache get", "POST auth", "render");
    assertThat(SHOP.spans("{ nestedSetLeft = 0 }")).containsExactly("orphan");
    SearchResult result =
        SHOP.search(
            "{ name = \"SELECT users\" } | select(nestedSetLeft, nestedSetRight, nestedSetParent)");
    assertThat(result.traces().getFirst().trace().traceId()).isEqualTo(CHECKOUT);
    assertThat(result.traces().getFirst().spansets().getFirst().spans().getFirst().attributes())
        .contains(
            entry("nestedSetLeft", AttributeValue.of(4L)),
            entry("nestedSetRight", AttributeValue.of(5L)),
            entry("nestedSetParent", AttributeValue.of(3L)));
  }

  /**
   * Over random trees (random shapes, start orders, orphans): a span is a descendant of another
   * exactly when its interval lies inside the other's, and its parent number is its parent's left.
   */
  @Test
  void intervalsNestExactlyAsTheTree() {
    SplittableRandom random = new SplittableRandom(20261206L);
    for (int round = 0; round < 200; round++) {
      int size = 1 + random.nextInt(12);
      List<Span> spans = new ArrayList<>();
      for (int id = 1; id <= size; id++) {
        long parent = id == 1 || random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(id - 1);
        if (random.nextInt(10) == 0) {
          parent = 99;
        }
        spans.add(span(id, parent, random.nextInt(50)));
      }
      TraceContext context = new TraceContext(new Trace(T, spans));
      NestedSets sets = NestedSets.of(context);
      for (int a = 0; a < context.size(); a++) {
        boolean numbered = sets.left[a] > 0;
        assertThat(numbered).isEqualTo(reachesRoot(context, a));
        if (!numbered) {
          continue;
        }
        int p = context.parents[a];
        assertThat(sets.parent[a]).isEqualTo(p < 0 ? NestedSets.ROOT_PARENT : sets.left[p]);
        for (int d = 0; d < context.size(); d++) {
          boolean inside = sets.left[d] > sets.left[a] && sets.right[d] < sets.right[a];
          assertThat(inside)
              .as("round %d: %d inside %d", round, d, a)
              .isEqualTo(isAncestor(context, a, d));
        }
      }
    }
  }

  private static boolean reachesRoot(TraceContext context, int span) {
    int current = span;
    for (int steps = 0; steps <= context.size(); steps++) {
      if (context.parents[current] < 0) {
        return context.span(current).parentSpanId().isEmpty();
      }
      current = context.parents[current];
    }
    return false;
  }

  private static boolean isAncestor(TraceContext context, int ancestor, int span) {
    int current = context.parents[span];
    for (int steps = 0; current >= 0 && steps <= context.size(); steps++) {
      if (current == ancestor) {
        return true;
      }
      current = context.parents[current];
    }
    return false;
  }
}
