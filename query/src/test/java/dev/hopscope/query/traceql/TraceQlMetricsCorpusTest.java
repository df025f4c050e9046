package dev.hopscope.query.traceql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case of {@code traceql-metrics-corpus.yaml}: the metrics language's contract, kept as
 * data.
 */
class TraceQlMetricsCorpusTest {
  private static final QueryCorpus CORPUS =
      new QueryCorpus(
          "/traceql-metrics-corpus.yaml", query -> MetricsQuery.parse(query).normalized());

  @Test
  void corpusHasItsSectionsAndEnoughCases() {
    assertThat(CORPUS.sections()).containsOnlyKeys("parse", "parse_fails", "validate_fails");
    assertThat(CORPUS.size()).isGreaterThanOrEqualTo(60);
  }

  @TestFactory
  Stream<DynamicTest> mustParse() {
    return CORPUS.mustParse();
  }

  @TestFactory
  Stream<DynamicTest> mustFailToParse() {
    return CORPUS.mustFail("parse_fails", TraceQlException.Phase.PARSE);
  }

  @TestFactory
  Stream<DynamicTest> mustFailValidation() {
    return CORPUS.mustFail("validate_fails", TraceQlException.Phase.VALIDATE);
  }
}
