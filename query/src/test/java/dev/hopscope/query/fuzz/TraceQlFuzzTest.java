package dev.hopscope.query.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hopscope.query.TraceQlEngine;
import dev.hopscope.query.traceql.TraceQlException;
import dev.hopscope.query.traceql.TraceQlQuery;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the TraceQL parser and validator. The contract: any text parses or
 * throws {@link TraceQlException} with a position inside the text; what parses normalises to a
 * fixed point (the normalised form parses to itself).
 *
 * <p>Bytes rather than a {@code String} parameter so that the seeds under {@code
 * src/test/resources/dev/hopscope/query/fuzz/TraceQlFuzzTestInputs/parse/} are plain query text.
 */
class TraceQlFuzzTest {
  private static final TraceQlEngine ENGINE = TraceQlEngine.create();

  @FuzzTest
  void parse(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    TraceQlQuery query;
    try {
      query = ENGINE.parse(text);
    } catch (TraceQlException e) {
      assertThat(e.offset()).isBetween(0, text.length());
      assertThat(e.reason()).isNotBlank();
      return;
    }
    String normalized = query.normalized();
    assertThat(ENGINE.parse(normalized).normalized()).as(text).isEqualTo(normalized);
    assertThat(ENGINE.storeHints(query)).isNotNull();
  }
}
