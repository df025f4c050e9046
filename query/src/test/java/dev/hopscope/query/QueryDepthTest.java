package dev.hopscope.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.model.Trace;
import dev.hopscope.query.traceql.MetricsQuery;
import dev.hopscope.query.traceql.TraceQlException;
import dev.hopscope.query.traceql.TraceQlQuery;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A query from the network can be nested or chained without end; the recursive steps behind
 * parsing, validation and evaluation must never overflow the stack of the thread serving it. Past
 * the bounds a query is refused with a position and a fix; at the bounds it parses, validates and
 * runs on a thread with the JVM's default stack.
 */
class QueryDepthTest {
  /** The bounds of {@code QueryShape}: 64 levels of nesting, 2,048 tokens. */
  private static final int MAX_NESTING = 64;

  private static final int MAX_TOKENS = 2_048;

  private static final int HUGE = 100_000;

  @Test
  void deepOrLongQueriesAreRefusedByNameNotByStackOverflow() {
    for (String query : shapes(HUGE)) {
      assertThatThrownBy(() -> TraceQlQuery.parse(query))
          .as(query.substring(0, 30))
          .isInstanceOf(TraceQlException.class)
          .hasMessageMatching("(?s).*(nests deeper than 64 levels|more than the 2048).*");
      String metrics = "(" + query + " | rate())";
      assertThatThrownBy(() -> MetricsQuery.parse(metrics))
          .as(metrics.substring(0, 30))
          .isInstanceOf(TraceQlException.class);
    }
  }

  @Test
  void queriesAtTheBoundsParseAndRunOnAnOrdinaryThread() throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    // 0 asks for the JVM's default thread stack, the one a server's worker threads get.
    Thread worker =
        new Thread(
            null,
            () -> {
              try {
                TraceQlEngine engine = TraceQlEngine.create();
                Trace trace = Shop.store().trace(Shop.TENANT, Shop.CHECKOUT).orElseThrow();
                for (String query : shapes(0)) {
                  TraceQlQuery parsed = TraceQlQuery.parse(query);
                  assertThat(parsed.text()).isEqualTo(query);
                  engine.evaluate(trace, parsed);
                }
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "default-stack",
            0);
    worker.start();
    worker.join();
    assertThat(failure.get()).isNull();
  }

  /**
   * Queries nested or chained about as far as the bounds allow ({@code n == 0}) or far beyond them.
   */
  private static List<String> shapes(int n) {
    int deep = n > 0 ? n : MAX_NESTING - 2;
    int chain = n > 0 ? n : MAX_TOKENS / 4 - 4;
    return List.of(
        "(".repeat(deep) + "{ }" + ")".repeat(deep),
        "{ " + "(".repeat(deep) + "true" + ")".repeat(deep) + " }",
        "{ " + "!".repeat(deep) + "true }",
        "{ " + "-".repeat(deep) + "1 = 1 }",
        "{ } >> ".repeat(chain) + "{ }",
        "{ .a = 1" + " && .a = 1".repeat(chain) + " }",
        "{ .a = 1" + " || .a = 1".repeat(chain) + " }",
        "{ .a = 1" + " + 1".repeat(chain) + " }");
  }
}
