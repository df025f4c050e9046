package dev.hopscope.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which searches Zipkin is asked, and with what parameters. */
class QuerySpecTest {
  @Test
  void zipkinParamsAreEmptyForASearchZipkinCannotExpress() {
    assertThat(QuerySpec.named("structural").zipkinParams(3)).isEmpty();
    assertThat(QuerySpec.ALL.stream().filter(q -> q.zipkinParams(0).isPresent()).count())
        .as("the six searches with a Zipkin equivalent")
        .isEqualTo(6);
  }

  @Test
  void zipkinParamsNameTheRunsUserLikeTheTraceQlDoes() {
    QuerySpec selective = QuerySpec.named(QuerySpec.SELECTIVE);
    String user = selective.traceQl(5).replaceAll(".*\"(user-\\d+)\".*", "$1");
    assertThat(selective.zipkinParams(5)).hasValue("annotationQuery=user.id%3D" + user);
    assertThat(QuerySpec.named("service").zipkinParams(5)).hasValue("serviceName=checkout");
  }
}
