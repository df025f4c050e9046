package dev.hopscope.query.traceql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.testing.Draw;
import dev.hopscope.model.testing.SeededProperty;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Queries arrive from the network: whatever the text, parsing either succeeds or throws a {@link
 * TraceQlException} with a position inside the text, and what succeeds normalises to a fixed point.
 */
class ParserRobustnessTest {
  private static final String[] PIECES = {
    "{",
    "}",
    "(",
    ")",
    " ",
    "|",
    "&&",
    "||",
    "!",
    "=",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "=~",
    "!~",
    ">>",
    "<<",
    "~",
    "&>",
    "!<",
    "+",
    "-",
    "*",
    "/",
    "%",
    "^",
    ",",
    ".",
    "\"",
    "`",
    "\\",
    "\n",
    ".a",
    "span.b",
    "resource.service.name",
    "span.\"x y\"",
    "event.e",
    "link:spanID",
    "name",
    "duration",
    "status",
    "kind",
    "rootName",
    "traceDuration",
    "span:childCount",
    "trace:id",
    "foo",
    "ok",
    "error",
    "server",
    "nil",
    "true",
    "false",
    "minInt",
    "1",
    "-2",
    "3.5",
    "10ms",
    "1h30m",
    "5x",
    "\"s\"",
    "\"\\q\"",
    "`r`",
    "count()",
    "avg(",
    "max(duration)",
    "by(",
    "select(",
    "coalesce()",
    "with",
    "most_recent=true",
    "µ",
    "é",
    "\u0000",
    "#",
    "'"
  };

  private static final int MAX_PIECES = 14;

  @Test
  void anyTextParsesOrFailsWithAPosition() {
    SeededProperty.check(
        edgeTexts(),
        2_000,
        random -> String.join("", Draw.listOf(random, 0, MAX_PIECES, r -> Draw.pick(r, PIECES))),
        text -> {
          try {
            TraceQlQuery query = TraceQlQuery.parse(text);
            String normalized = query.normalized();
            assertThat(TraceQlQuery.parse(normalized).normalized()).isEqualTo(normalized);
          } catch (TraceQlException e) {
            assertThat(e.offset()).isBetween(0, text.length());
            assertThat(e.reason()).isNotBlank();
          }
        });
  }

  /**
   * No text, every piece alone and as often as a text may hold it, and every pair of pieces (6,084
   * texts, a fraction of a second): a string opened by one piece and cut by the next, an escape at
   * the very end, an operator without operands.
   */
  private static List<String> edgeTexts() {
    List<String> texts = new ArrayList<>();
    texts.add("");
    for (String piece : PIECES) {
      texts.add(piece);
      texts.add(piece.repeat(MAX_PIECES));
    }
    texts.addAll(Draw.pairs(List.of(PIECES), List.of(PIECES), String::concat));
    return texts;
  }
}
