package dev.hopscope.query.traceql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.testing.Draw;
import dev.hopscope.model.testing.SeededProperty;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Metrics queries arrive from the network too: whatever the text, {@link MetricsQuery#parse} either
 * succeeds, normalising to a fixed point, or throws a {@link TraceQlException} with a position
 * inside the text. The pieces lean on what the metrics parser adds: parentheses it must classify
 * without backtracking, arithmetic, second stages and the functions' argument lists.
 */
class MetricsParserRobustnessTest {
  private static final String[] PIECES = {
    "{ }",
    "{ status = error }",
    "(",
    ")",
    " ",
    "|",
    "&&",
    ">",
    ">=",
    "!=",
    "=",
    "+",
    "-",
    "*",
    "/",
    "%",
    ",",
    "1",
    "-2",
    ".5",
    "0.99",
    "10s",
    "rate()",
    "count_over_time()",
    "max_over_time(duration)",
    "quantile_over_time(",
    "histogram_over_time(",
    "compare(",
    "duration",
    "name",
    ".a",
    "by (",
    "by",
    "topk(",
    "bottomk(3)",
    "count()",
    "with (sample = 0.1)",
    "with",
    "exemplars = false",
    "\""
  };

  private static final int MAX_PIECES = 16;

  @Test
  void anyTextParsesOrFailsWithAPosition() {
    SeededProperty.check(
        edgeTexts(),
        3_000,
        random -> String.join("", Draw.listOf(random, 0, MAX_PIECES, r -> Draw.pick(r, PIECES))),
        text -> {
          try {
            MetricsQuery query = MetricsQuery.parse(text);
            String normalized = query.normalized();
            assertThat(MetricsQuery.parse(normalized).normalized()).isEqualTo(normalized);
            assertThat(MetricsQuery.isMetricsQuery(text)).isTrue();
          } catch (TraceQlException e) {
            assertThat(e.offset()).isBetween(0, text.length());
            assertThat(e.reason()).isNotBlank();
          }
        });
  }

  /**
   * Nesting as deep as a query may go (62 parentheses around the pipeline and its own) parses in
   * one pass: a parser that backtracked at each {@code (} would take 2^62 steps and never answer.
   */
  @Test
  void deeplyNestedParenthesesParseInOnePass() {
    String open = "(".repeat(62);
    String close = ")".repeat(62);
    MetricsQuery query = MetricsQuery.parse(open + "({ } | rate())" + close + " * 2");
    assertThat(query.normalized()).isEqualTo("({ } | rate()) * 2");
  }

  /** Every piece alone and every pair of pieces, then pieces glued into known metrics shapes. */
  private static List<String> edgeTexts() {
    List<String> texts = new ArrayList<>();
    texts.add("");
    for (String piece : PIECES) {
      texts.add(piece);
      texts.add("{ } | " + piece);
      texts.add("({ } | rate()) " + piece);
      texts.add("{ } | rate() " + piece);
    }
    texts.addAll(Draw.pairs(List.of(PIECES), List.of(PIECES), String::concat));
    return texts;
  }
}
