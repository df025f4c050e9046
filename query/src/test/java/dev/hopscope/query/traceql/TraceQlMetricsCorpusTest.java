package dev.hopscope.query.traceql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Runs every case of {@code traceql-metrics-corpus.yaml}: the metrics language's contract, kept as
 * data.
 */
class TraceQlMetricsCorpusTest {
  private static final Map<String, List<Map<String, String>>> CORPUS = load();

  @SuppressWarnings("unchecked")
  private static Map<String, List<Map<String, String>>> load() {
    try (InputStream in =
        TraceQlMetricsCorpusTest.class.getResourceAsStream("/traceql-metrics-corpus.yaml")) {
      return (Map<String, List<Map<String, String>>>)
          new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void corpusHasAtLeast150Cases() {
    int total = 0;
    for (List<Map<String, String>> cases : CORPUS.values()) {
      total += cases.size();
    }
    assertThat(CORPUS).containsOnlyKeys("parse", "parse_fails", "validate_fails");
    assertThat(total).isGreaterThanOrEqualTo(60);
  }

  @TestFactory
  Stream<DynamicTest> mustParse() {
    return CORPUS.get("parse").stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.get("query"),
                    () -> {
                      MetricsQuery query = MetricsQuery.parse(c.get("query"));
                      assertThat(query.normalized()).isEqualTo(c.get("normalized"));
                      // The normalised form is a fixed point: printing what it parses to gives it.
                      assertThat(MetricsQuery.parse(query.normalized()).normalized())
                          .isEqualTo(query.normalized());
                    }));
  }

  @TestFactory
  Stream<DynamicTest> mustFailToParse() {
    return failures("parse_fails", TraceQlException.Phase.PARSE);
  }

  @TestFactory
  Stream<DynamicTest> mustFailValidation() {
    return failures("validate_fails", TraceQlException.Phase.VALIDATE);
  }

  private static Stream<DynamicTest> failures(String section, TraceQlException.Phase phase) {
    return CORPUS.get(section).stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.get("query").isBlank() ? "(empty query)" : c.get("query"),
                    () -> {
                      assertThatThrownBy(() -> MetricsQuery.parse(c.get("query")))
                          .isInstanceOf(TraceQlException.class);
                      TraceQlException e =
                          catchThrowableOfType(
                              TraceQlException.class, () -> MetricsQuery.parse(c.get("query")));
                      assertThat(e.phase()).as(e.getMessage()).isEqualTo(phase);
                      assertThat(e.position()).as(e.getMessage()).isEqualTo(c.get("position"));
                      assertThat(e.reason()).contains(c.get("message"));
                    }));
  }
}
