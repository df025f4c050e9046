package dev.hopscope.query.traceql;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

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

  @Property(tries = 2000, seed = "20261201")
  void anyTextParsesOrFailsWithAPosition(@ForAll("texts") String text) {
    try {
      TraceQlQuery query = TraceQlQuery.parse(text);
      String normalized = query.normalized();
      assertThat(TraceQlQuery.parse(normalized).normalized()).isEqualTo(normalized);
    } catch (TraceQlException e) {
      assertThat(e.offset()).isBetween(0, text.length());
      assertThat(e.reason()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.of(PIECES).list().ofMaxSize(14).map(pieces -> String.join("", pieces));
  }
}
