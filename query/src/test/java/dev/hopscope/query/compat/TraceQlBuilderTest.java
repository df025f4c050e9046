package dev.hopscope.query.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.query.TraceQlEngine;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceQlBuilderTest {
  @Test
  void nothingMeansEverySpan() {
    assertThat(TraceQlBuilder.create().build()).isEqualTo("{ }");
  }

  @Test
  void jaegerSearchForm() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("http.status_code", "500");
    tags.put("error", "true");
    tags.put("span.kind", "server");
    assertThat(
            TraceQlBuilder.create()
                .serviceName("auth")
                .spanName("GET /users/{id}")
                .tags(tags)
                .minSpanDuration(Duration.ofMillis(100))
                .maxSpanDuration(Duration.ofSeconds(2))
                .build())
        .isEqualTo(
            "{ resource.service.name = \"auth\" && name = \"GET /users/{id}\""
                + " && (.http.status_code = \"500\" || .http.status_code = 500)"
                + " && status = error && kind = server && duration >= 100ms && duration <= 2s }");
  }

  @Test
  void tempoSearchFormUsesTraceDuration() {
    assertThat(
            TraceQlBuilder.create()
                .tags(LogfmtTags.parse("resource.env=prod span.db.system=postgresql"))
                .minTraceDuration(GoDurations.parse("1.5s"))
                .maxTraceDuration(GoDurations.parse("1m"))
                .build())
        .isEqualTo(
            "{ resource.env = \"prod\" && span.db.system = \"postgresql\""
                + " && traceDuration >= 1500ms && traceDuration <= 1m }");
  }

  @Test
  void hostileTextIsQuotedNotInterpreted() {
    String query =
        TraceQlBuilder.create()
            .serviceName("a\" } || { true")
            .tag("weird key\"", "line\nbreak\\")
            .build();
    assertThat(query)
        .isEqualTo(
            "{ resource.service.name = \"a\\\" } || { true\" && .\"weird key\\\"\" ="
                + " \"line\\nbreak\\\\\" }");
    assertThat(TraceQlEngine.create().parse(query).pipeline().stages()).hasSize(1);
  }

  @Test
  void otelStatusAndBooleans() {
    assertThat(
            TraceQlBuilder.create()
                .tag("otel.status_code", "ERROR")
                .tag("cache.hit", "true")
                .build())
        .isEqualTo("{ status = error && (.cache.hit = \"true\" || .cache.hit = true) }");
  }
}
