package dev.hopscope.server.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One request per route that the two routers serve, for {@link TenantIsolationIT}: what to ask as
 * tenant A about tenant B's data. A route added without a probe here fails that test.
 */
final class IsolationProbes {
  private IsolationProbes() {}

  /** A request per route: the route's key, how to call it, and whether B's own reader sees B. */
  record Probe(String route, boolean zipkinPort, String method, String path, boolean data) {}

  static List<Probe> all(long nowMillis) {
    long end = nowMillis + 60_000;
    long start = nowMillis - 3_600_000;
    String window = "start=" + start / 1000 + "&end=" + end / 1000;
    String v3 =
        "query.service_name=bravo-shop&query.start_time_min="
            + Instant.ofEpochMilli(start)
            + "&query.start_time_max="
            + Instant.ofEpochMilli(end);
    String zipkinWindow = "endTs=" + end + "&lookback=3600000";
    List<Probe> p = new ArrayList<>();
    // Port 16686: the gate and headers on every path, then the APIs in the order they mount.
    p.add(new Probe("ANY *", false, "GET", "/api/services", true));
    p.add(new Probe("GET /metrics", false, "GET", "/metrics", false));
    p.add(new Probe("GET /health", false, "GET", "/health", false));
    p.add(
        new Probe(
            "GET /api/traces/:traceId",
            false,
            "GET",
            "/api/traces/" + TenantIsolationIT.B_TRACE,
            true));
    p.add(new Probe("GET /api/services", false, "GET", "/api/services?" + window, true));
    p.add(
        new Probe(
            "GET /api/services/:service/operations",
            false,
            "GET",
            "/api/services/bravo-shop/operations?" + window,
            true));
    p.add(new Probe("GET /api/attributes", false, "GET", "/api/attributes?" + window, true));
    p.add(
        new Probe(
            "GET /api/attributes/:name/values",
            false,
            "GET",
            "/api/attributes/span.bravo.secret/values?" + window,
            true));
    p.add(
        new Probe(
            "GET /api/traces/:traceId/analysis",
            false,
            "GET",
            "/api/traces/" + TenantIsolationIT.B_TRACE + "/analysis",
            true));
    p.add(new Probe("GET /api/search", false, "GET", "/api/search?q=%7B%7D&" + window, true));
    p.add(new Probe("GET /api/graph", false, "GET", "/api/graph?q=%7B%7D&" + window, true));
    p.add(
        new Probe(
            "GET /api/compare",
            false,
            "GET",
            "/api/compare?a=" + TenantIsolationIT.B_TRACE + "&b=" + TenantIsolationIT.B_TRACE,
            true));
    p.add(
        new Probe(
            "GET /api/critical-path", false, "GET", "/api/critical-path?q=%7B%7D&" + window, true));
    p.add(
        new Probe(
            "GET /api/attribution",
            false,
            "GET",
            "/api/attribution?q=" + TenantIsolationIT.BRAVO_SHOP + "&" + window,
            false));
    p.add(
        new Probe(
            "GET /api/metrics/red",
            false,
            "GET",
            "/api/metrics/red?service=bravo-shop&" + window,
            false));
    p.add(new Probe("GET /tempo/api/echo", false, "GET", "/tempo/api/echo", false));
    p.add(
        new Probe(
            "GET /tempo/api/status/buildinfo", false, "GET", "/tempo/api/status/buildinfo", false));
    p.add(
        new Probe(
            "GET /tempo/api/traces/:traceId",
            false,
            "GET",
            "/tempo/api/traces/" + TenantIsolationIT.B_TRACE,
            true));
    p.add(
        new Probe(
            "GET /tempo/api/v2/traces/:traceId",
            false,
            "GET",
            "/tempo/api/v2/traces/" + TenantIsolationIT.B_TRACE,
            true));
    p.add(new Probe("GET /tempo/api/search", false, "GET", "/tempo/api/search?" + window, true));
    p.add(new Probe("GET /tempo/api/search/tags", false, "GET", "/tempo/api/search/tags", true));
    p.add(
        new Probe(
            "GET /tempo/api/v2/search/tags", false, "GET", "/tempo/api/v2/search/tags", true));
    p.add(
        new Probe(
            "GET /tempo/api/search/tag/:tag/values",
            false,
            "GET",
            "/tempo/api/search/tag/bravo.secret/values",
            true));
    p.add(
        new Probe(
            "GET /tempo/api/v2/search/tag/:tag/values",
            false,
            "GET",
            "/tempo/api/v2/search/tag/span.bravo.secret/values",
            true));
    p.add(new Probe("GET /jaeger/api/services", false, "GET", "/jaeger/api/services", true));
    p.add(
        new Probe(
            "GET /jaeger/api/services/:service/operations",
            false,
            "GET",
            "/jaeger/api/services/bravo-shop/operations",
            true));
    p.add(
        new Probe(
            "GET /jaeger/api/operations",
            false,
            "GET",
            "/jaeger/api/operations?service=bravo-shop",
            true));
    p.add(
        new Probe(
            "GET /jaeger/api/traces", false, "GET", "/jaeger/api/traces?service=bravo-shop", true));
    p.add(
        new Probe(
            "GET /jaeger/api/traces/:traceId",
            false,
            "GET",
            "/jaeger/api/traces/" + TenantIsolationIT.B_TRACE,
            true));
    p.add(
        new Probe(
            "GET /jaeger/api/dependencies",
            false,
            "GET",
            "/jaeger/api/dependencies?endTs=" + end + "&lookback=3600000",
            true));
    for (String base : List.of("/jaeger/api/v3", "/api/v3")) {
      p.add(new Probe("GET " + base + "/services", false, "GET", base + "/services", true));
      p.add(
          new Probe(
              "GET " + base + "/operations",
              false,
              "GET",
              base + "/operations?service=bravo-shop",
              true));
      p.add(
          new Probe(
              "GET " + base + "/trace-summaries",
              false,
              "GET",
              base + "/trace-summaries?" + v3,
              true));
      p.add(new Probe("GET " + base + "/traces", false, "GET", base + "/traces?" + v3, true));
      p.add(
          new Probe(
              "GET " + base + "/traces/:traceId",
              false,
              "GET",
              base + "/traces/" + TenantIsolationIT.B_TRACE,
              true));
      p.add(new Probe("ANY " + base + "/*", false, "GET", base + "/nothing", false));
    }
    p.add(new Probe("ANY /jaeger/api/*", false, "GET", "/jaeger/api/nothing", false));
    p.add(
        new Probe(
            "GET /jaeger/trace/:traceId",
            false,
            "GET",
            "/jaeger/trace/" + TenantIsolationIT.B_TRACE,
            false));
    p.add(new Probe("GET /jaeger/search", false, "GET", "/jaeger/search", false));
    p.add(new Probe("GET /jaeger", false, "GET", "/jaeger", false));
    p.add(new Probe("ANY /tempo/api/*", false, "GET", "/tempo/api/nothing", false));
    p.add(new Probe("ANY /webjars/*", false, "GET", "/webjars/nothing.js", false));
    p.add(new Probe("ANY /*", false, "GET", "/", false));
    p.add(new Probe("GET /*", false, "GET", "/trace/" + TenantIsolationIT.B_TRACE, false));
    p.add(new Probe("ANY /api/*", false, "GET", "/api/nothing", false));
    // Sign-in: the page and the forms that need no token, then who am I and the tenant switch.
    p.add(new Probe("GET /signin", false, "GET", "/signin", false));
    p.add(new Probe("POST /auth/session", false, "POST", "/auth/session", false));
    p.add(new Probe("POST /auth/signout", false, "POST", "/auth/signout", false));
    p.add(new Probe("GET /auth/whoami", false, "GET", "/auth/whoami", false));
    p.add(new Probe("POST /auth/tenant", false, "POST", "/auth/tenant", false));
    // Port 9411: CORS, the receiver (write), the gate, Zipkin's read API.
    p.add(new Probe("POST /api/v2/spans", true, "POST", "/api/v2/spans", false));
    p.add(new Probe("GET /api/v2/services", true, "GET", "/api/v2/services", true));
    p.add(
        new Probe("GET /api/v2/spans", true, "GET", "/api/v2/spans?serviceName=bravo-shop", true));
    p.add(
        new Probe(
            "GET /api/v2/remoteServices",
            true,
            "GET",
            "/api/v2/remoteServices?serviceName=bravo-shop",
            true));
    p.add(
        new Probe(
            "GET /api/v2/traces",
            true,
            "GET",
            "/api/v2/traces?serviceName=bravo-shop&" + zipkinWindow,
            true));
    p.add(
        new Probe(
            "GET /api/v2/trace/:traceId",
            true,
            "GET",
            "/api/v2/trace/" + TenantIsolationIT.B_TRACE,
            true));
    p.add(
        new Probe(
            "GET /api/v2/traceMany",
            true,
            "GET",
            "/api/v2/traceMany?traceIds=" + TenantIsolationIT.B_TRACE,
            true));
    p.add(
        new Probe(
            "GET /api/v2/dependencies", true, "GET", "/api/v2/dependencies?" + zipkinWindow, true));
    p.add(
        new Probe("GET /api/v2/autocompleteKeys", true, "GET", "/api/v2/autocompleteKeys", false));
    p.add(
        new Probe(
            "GET /api/v2/autocompleteValues",
            true,
            "GET",
            "/api/v2/autocompleteValues?key=bravo.secret",
            false));
    // TraceQL metrics (Tempo) and Jaeger's Monitor tab: series carry service names as labels.
    String rate =
        java.net.URLEncoder.encode(
            "{} | rate() by (resource.service.name)", java.nio.charset.StandardCharsets.UTF_8);
    p.add(
        new Probe(
            "GET /tempo/api/metrics/query_range",
            false,
            "GET",
            "/tempo/api/metrics/query_range?q=" + rate + "&step=60s&" + window,
            true));
    p.add(
        new Probe(
            "GET /tempo/api/metrics/query",
            false,
            "GET",
            "/tempo/api/metrics/query?q=" + rate + "&" + window,
            true));
    String monitor = "?service=bravo-shop&endTs=" + end + "&lookback=3600000&step=60000";
    p.add(
        new Probe(
            "GET /jaeger/api/metrics/calls",
            false,
            "GET",
            "/jaeger/api/metrics/calls" + monitor,
            false));
    p.add(
        new Probe(
            "GET /jaeger/api/metrics/latencies",
            false,
            "GET",
            "/jaeger/api/metrics/latencies" + monitor + "&quantile=0.95",
            false));
    // Jaeger's metrics name the service asked for in every answer (an echo), so these probes
    // check only that A's answers carry none of B's data; jaegerCallRatesAreCountedPerTenant
    // checks the values.
    p.add(
        new Probe(
            "GET /jaeger/api/metrics/errors",
            false,
            "GET",
            "/jaeger/api/metrics/errors" + monitor,
            false));
    p.add(
        new Probe(
            "GET /jaeger/api/metrics/minstep", false, "GET", "/jaeger/api/metrics/minstep", false));
    return p;
  }
}
