package dev.hopscope.query.traceql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A language's contract kept as data: a YAML file of {@code parse} cases (query and its normalised
 * form) and {@code parse_fails} / {@code validate_fails} cases (query, position, message), run as
 * one dynamic test each against a parser. Search and metrics queries share it.
 */
final class QueryCorpus {
  private final Map<String, List<Map<String, String>>> sections;
  private final Function<String, String> normalize;

  /** {@code normalize} parses a query and prints its normalised form, or throws. */
  QueryCorpus(String resource, Function<String, String> normalize) {
    this.sections = load(resource);
    this.normalize = normalize;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, List<Map<String, String>>> load(String resource) {
    try (InputStream in = QueryCorpus.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the test classpath");
      }
      return (Map<String, List<Map<String, String>>>)
          new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  Map<String, List<Map<String, String>>> sections() {
    return sections;
  }

  int size() {
    return sections.values().stream().mapToInt(List::size).sum();
  }

  /** Each case parses to its normalised form, and that form is a fixed point. */
  Stream<DynamicTest> mustParse() {
    return sections.get("parse").stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.get("query"),
                    () -> {
                      String normalized = normalize.apply(c.get("query"));
                      assertThat(normalized).isEqualTo(c.get("normalized"));
                      assertThat(normalize.apply(normalized)).isEqualTo(normalized);
                    }));
  }

  /** Each case of {@code section} is refused in {@code phase}, at its position, for its reason. */
  Stream<DynamicTest> mustFail(String section, TraceQlException.Phase phase) {
    return sections.get(section).stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.get("query").isBlank() ? "(empty query)" : c.get("query"),
                    () -> {
                      TraceQlException e =
                          catchThrowableOfType(
                              TraceQlException.class, () -> normalize.apply(c.get("query")));
                      assertThat(e).as("refused: %s", c.get("query")).isNotNull();
                      assertThat(e.phase()).as(e.getMessage()).isEqualTo(phase);
                      assertThat(e.position()).as(e.getMessage()).isEqualTo(c.get("position"));
                      assertThat(e.reason()).contains(c.get("message"));
                    }));
  }
}
