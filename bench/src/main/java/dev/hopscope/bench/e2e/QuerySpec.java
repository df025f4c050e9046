package dev.hopscope.bench.e2e;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One representative query: TraceQL for Hopscope and, where Zipkin's API can say the same thing,
 * its {@code /api/v2/traces} parameters. {@code %d} in either is replaced by a user number that
 * changes from run to run, so repeated runs of a selective query do not hit one cached answer.
 */
public record QuerySpec(String name, String traceQl, @Nullable String zipkinParams) {
  /** The benchmark's searches; the in-process query benchmark times the same ones. */
  public static final List<QuerySpec> ALL =
      List.of(
          new QuerySpec(
              "service", "{ resource.service.name = \"checkout\" }", "serviceName=checkout"),
          new QuerySpec(
              "operation",
              "{ name = \"oteldemo.CartService/GetCart\" }",
              "serviceName=cart&spanName=oteldemo.cartservice%2Fgetcart"),
          new QuerySpec("errors", "{ status = error }", "annotationQuery=error"),
          new QuerySpec("slow spans", "{ duration > 300ms }", "minDuration=300000"),
          new QuerySpec(
              "selective attribute",
              "{ span.user.id = \"user-%d\" }",
              "annotationQuery=user.id%%3Duser-%d"),
          new QuerySpec(
              "db client spans",
              "{ kind = client && span.db.system = \"postgresql\" }",
              "annotationQuery=db.system%3Dpostgresql"),
          new QuerySpec("http 5xx", "{ span.http.response.status_code >= 500 }", null),
          new QuerySpec("regex route", "{ span.http.route =~ \"/product/.*\" }", null),
          new QuerySpec(
              "two attributes",
              "{ span.customer.tier = \"enterprise\" && span.cloud.availability_zone = \"us-east-1a\" }",
              null),
          new QuerySpec(
              "structural", "{ resource.service.name = \"checkout\" } >> { status = error }", null),
          new QuerySpec(
              "root and trace duration",
              "{ rootServiceName = \"frontend\" && traceDuration > 500ms }",
              null),
          new QuerySpec(
              "pipeline count", "{ resource.service.name = \"cart\" } | count() > 3", null));

  /** The name of the selective search the issues set a goal for. */
  static final String SELECTIVE = "selective attribute";

  /** The query of that name; the metrics phase reuses a search's filter by name. */
  static QuerySpec named(String name) {
    return ALL.stream()
        .filter(q -> q.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no search query named " + name));
  }

  /** The query for {@code run}, with its user number filled in. */
  public String traceQl(int run) {
    return traceQl.contains("%d") ? String.format(traceQl, user(run)) : traceQl;
  }

  /** Zipkin's search parameters for {@code run}; empty when Zipkin has no equivalent search. */
  Optional<String> zipkinParams(int run) {
    return Optional.ofNullable(zipkinParams)
        .map(params -> params.contains("%d") ? String.format(params, user(run)) : params);
  }

  private static int user(int run) {
    return (4242 + run * 7919) % 20_000;
  }
}
