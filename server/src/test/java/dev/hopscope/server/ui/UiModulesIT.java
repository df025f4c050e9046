package dev.hopscope.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The UI's pure modules, unit by unit, in the same headless Chromium the flows use: no Node
 * toolchain, the modules as the server serves them (under its Content-Security-Policy). Each test
 * imports one module, runs an expression over it in the page and checks the JSON it returns.
 */
class UiModulesIT extends ModuleTests {
  // format.js

  @Test
  void durationsPickTheUnitPeopleRead() {
    JsonNode out =
        run(
            "format.js",
            "[999, 1500, 12345678, 250e6, 1.5e9, 125e9, -3e6, 'x'].map(m.formatDuration)");
    assertThat(out.toString())
        .isEqualTo(
            "[\"999 ns\",\"1.50 µs\",\"12.3 ms\",\"250 ms\",\"1.50 s\",\"2m 5s\",\"-3.00 ms\",\"\"]");
  }

  @Test
  void epochNanosecondsBeyondTwoToThe53AreSubtractedExactly() {
    assertThat(
            run("format.js", "m.nanosBetween('1800000000000000001', '1800000000000000123')")
                .asLong())
        .isEqualTo(122);
    assertThat(run("format.js", "m.epochMillis('1800000000123456789')").asLong())
        .isEqualTo(1_800_000_000_123L);
  }

  @Test
  void callRatesBelowOnePerSecondAreSaidPerMinute() {
    assertThat(run("format.js", "[5, 0.5, 2 / 60, 0.01, 250].map(m.formatCallRate)").toString())
        .isEqualTo("[\"5.0/s\",\"30/min\",\"2.0/min\",\"0.60/min\",\"250/s\"]");
    assertThat(run("format.js", "[0, 0.004, 0.05, 0.5].map(m.formatPercent)").toString())
        .isEqualTo("[\"0%\",\"0.40%\",\"5.0%\",\"50%\"]");
  }

  @Test
  void nestedAttributeValuesReadAsOneLine() {
    assertThat(
            text(
                "format.js",
                "m.attributeText({type: 'kvlist', value: [{key: 'a', type: 'array', value: [{type:"
                    + " 'int', value: 1}, {type: 'string', value: 'x'}]}, {key: 'b', type: 'empty'}]})"))
        .isEqualTo("{a: [1, x], b: (empty)}");
  }

  // traceql.js

  @Test
  void stringLiteralsAreEscapedAsTheLexerReadsThem() {
    assertThat(text("traceql.js", "m.quote('a\"b\\\\c\\nd')")).isEqualTo("\"a\\\"b\\\\c\\nd\"");
  }

  @Test
  void attributeNamesAreQuotedOnlyWhenTheyMustBe() {
    assertThat(
            run(
                    "traceql.js",
                    "['resource.service.name', 'span.my key', 'http.method', 'odd{name}']"
                        + ".map(m.attributeRef)")
                .toString())
        .isEqualTo(
            "[\"resource.service.name\",\"span.\\\"my key\\\"\",\".http.method\",\".\\\"odd{name}\\\"\"]");
  }

  @Test
  void theSimpleFormBuildsOneSpansetJoinedByAnd() {
    assertThat(
            text(
                "traceql.js",
                "m.buildQuery({service: 'web\"app', operation: '', attributes: [{name:"
                    + " 'span.http.status_code', value: '500'}, {name: 'user id', value: ''},"
                    + " {name: ' ', value: 'ignored'}, {name: 'env', value: '\"42\"'}], minDuration:"
                    + " ' 100ms '})"))
        .isEqualTo(
            "{ resource.service.name = \"web\\\"app\" && span.http.status_code = 500"
                + " && .\"user id\" != nil && .env = \"42\" && duration >= 100ms }");
    assertThat(text("traceql.js", "m.buildQuery({})")).isEqualTo("{}");
  }

  @Test
  void edgeQueriesFollowTheAnalysisNamingOfPeers() {
    assertThat(text("traceql.js", "m.edgeQuery('webapp', 'auth', 'service')"))
        .isEqualTo(
            "{ resource.service.name = \"webapp\" && (kind = client || kind = producer) } >"
                + " { resource.service.name = \"auth\" && (kind = server || kind = consumer) }");
    assertThat(text("traceql.js", "m.edgeQuery('auth', 'db.internal:5432', 'peer')"))
        .contains("(span.server.address = \"db.internal\" && span.server.port = 5432)");
    assertThat(text("traceql.js", "m.edgeQuery('auth', 'postgresql/shop', 'peer')"))
        .contains("(span.db.system = \"postgresql\" && span.db.namespace = \"shop\")");
  }

  // autocomplete.js

  @Test
  void autocompleteKnowsWhenAFieldIsExpected() {
    assertThat(run("autocomplete.js", "m.completionContext('{ ', 2)").toString())
        .isEqualTo("{\"kind\":\"field\",\"prefix\":\"\",\"from\":2}");
    assertThat(run("autocomplete.js", "m.completionContext('{ resource.serv', 15)").toString())
        .isEqualTo("{\"kind\":\"field\",\"prefix\":\"resource.serv\",\"from\":2}");
    assertThat(run("autocomplete.js", "m.completionContext('{ name = \"a\" && du', 18)").toString())
        .isEqualTo("{\"kind\":\"field\",\"prefix\":\"du\",\"from\":16}");
    assertThat(run("autocomplete.js", "m.completionContext('{ name = \"a\" } ', 15)").isNull())
        .isTrue();
  }

  @Test
  void autocompleteKnowsWhichFieldAValueIsFor() {
    assertThat(
            run("autocomplete.js", "m.completionContext('{ span.http.method = \"GE', 24)")
                .toString())
        .isEqualTo(
            "{\"kind\":\"value\",\"field\":\"span.http.method\",\"prefix\":\"GE\",\"from\":21,"
                + "\"quoted\":true}");
    assertThat(run("autocomplete.js", "m.completionContext('{ kind = ser', 12)").toString())
        .isEqualTo(
            "{\"kind\":\"value\",\"field\":\"kind\",\"prefix\":\"ser\",\"from\":9,\"quoted\":false}");
    assertThat(
            run("autocomplete.js", "m.completionContext('{ span.\"my key\" = \"x', 20)")
                .get("field")
                .asText())
        .isEqualTo("span.my key");
  }

  @Test
  void suggestionsRankPrefixMatchesFirstAndQuoteValues() {
    assertThat(
            run(
                    "autocomplete.js",
                    "m.fieldSuggestions('dur', ['span.duration_ms']).map((s) => s.label)")
                .toString())
        .isEqualTo("[\"duration\",\"traceDuration\",\"span.duration_ms\"]");
    assertThat(
            run(
                    "autocomplete.js",
                    "m.valueSuggestions({prefix: 'a', field: 'span.q'}, ['b\"a', 'ab'], false)"
                        + ".map((s) => s.insert)")
                .toString())
        .isEqualTo("[\"\\\"ab\\\" \",\"\\\"b\\\\\\\"a\\\" \"]");
    assertThat(
            run(
                    "autocomplete.js",
                    "['kind', 'duration', 'http.method', 'resource.host'].map(m.attributeForValues)")
                .toString())
        .isEqualTo("[null,null,\"span.http.method\",\"resource.host\"]");
  }

  // graph-layout.js

  @Test
  void callersAreLaidOutLeftOfTheirCallees() {
    JsonNode layers =
        run(
            "graph-layout.js",
            "(() => { const l = m.layoutGraph({nodes: [{name: 'c'}, {name: 'a'}], edges:"
                + " [{caller: 'a', callee: 'b'}, {caller: 'b', callee: 'c'}]});"
                + " return Object.fromEntries([...l.boxes].map(([n, b]) => [n, b.layer])); })()");
    assertThat(layers.toString()).isEqualTo("{\"a\":0,\"b\":1,\"c\":2}");
  }

  @Test
  void aCycleLosesExactlyOneBackEdgeAndSelfCallsAreIgnored() {
    JsonNode out =
        run(
            "graph-layout.js",
            "(() => { const l = m.layoutGraph({nodes: [], edges: [{caller: 'a', callee: 'b'},"
                + " {caller: 'b', callee: 'a'}, {caller: 'c', callee: 'c'}]});"
                + " return {back: [...l.back].map((e) => e.replace('\\u0000', '->')),"
                + " layers: Object.fromEntries([...l.boxes].map(([n, b]) => [n, b.layer]))}; })()");
    assertThat(out.get("back").toString()).isEqualTo("[\"b->a\"]");
    assertThat(out.get("layers").toString()).isEqualTo("{\"a\":0,\"c\":0,\"b\":1}");
  }

  @Test
  void orderWithinALayerAvoidsCrossings() {
    JsonNode out =
        run(
            "graph-layout.js",
            "(() => { const l = m.layoutGraph({nodes: [], edges: [{caller: 'x', callee: 'q'},"
                + " {caller: 'y', callee: 'p'}]});"
                + " return {q: l.boxes.get('q').y, p: l.boxes.get('p').y}; })()");
    assertThat(out.get("q").asDouble()).isLessThan(out.get("p").asDouble());
  }

  @Test
  void edgeHealthWeighsErrorsAndGaps() {
    assertThat(
            run(
                    "graph-layout.js",
                    "[{errorRate: 0.05, durationP99Nanos: 1e9, gapP99Nanos: 0},"
                        + " {errorRate: 0, durationP99Nanos: 100e6, gapP99Nanos: 60e6},"
                        + " {errorRate: 0, durationP99Nanos: 100e6, gapP99Nanos: 20e6},"
                        + " {errorRate: 0.01, durationP99Nanos: 1e9, gapP99Nanos: 0},"
                        + " {errorRate: 0, durationP99Nanos: 10e6, gapP99Nanos: 6e6},"
                        + " {errorRate: 0, durationP99Nanos: 0, gapP99Nanos: 0}].map(m.edgeHealth)")
                .toString())
        .isEqualTo("[\"bad\",\"bad\",\"warn\",\"warn\",\"ok\",\"ok\"]");
  }

  // trace-model.js

  /** root r (webapp) > client c > server s (auth); o is an orphan whose parent never arrived. */
  private static final String TRACE =
      "{traceId: 't', spans: ["
          + "{spanId: 'r', startTimeUnixNano: '1800000000000000001', durationNanos: 1000,"
          + " serviceName: 'webapp', name: 'GET /'},"
          + "{spanId: 'o', parentSpanId: 'zz', startTimeUnixNano: '1800000000000000050',"
          + " durationNanos: 10, serviceName: 'webapp', name: 'late'},"
          + "{spanId: 's', parentSpanId: 'c', startTimeUnixNano: '1800000000000000201',"
          + " durationNanos: 200, serviceName: 'auth', name: 'Validate'},"
          + "{spanId: 'c', parentSpanId: 'r', startTimeUnixNano: '1800000000000000101',"
          + " durationNanos: 500, serviceName: 'webapp', name: 'POST auth',"
          + " attributes: [{key: 'http.url', value: '/products'}]}]}";

  private static final String ROWS =
      "const rows = (model, collapsed) => m.flatten(model, new Set(collapsed))"
          + ".map((r) => r.node.id + ':' + r.depth + ':' + r.node.start);";

  @Test
  void spansFormATreeOnAnExactRelativeClockWithOrphansAtTheTop() {
    JsonNode out =
        run(
            "trace-model.js",
            "(() => { "
                + ROWS
                + " const model = m.buildTraceModel("
                + TRACE
                + ", null); return {all: rows(model, []), collapsed: rows(model, ['c']),"
                + " orphans: model.nodes.filter((n) => n.orphan).map((n) => n.id)}; })()");
    assertThat(out.get("all").toString())
        .isEqualTo("[\"r:0:0\",\"c:1:100\",\"s:2:200\",\"o:0:49\"]");
    assertThat(out.get("collapsed").toString()).isEqualTo("[\"r:0:0\",\"c:1:100\",\"o:0:49\"]");
    assertThat(out.get("orphans").toString()).isEqualTo("[\"o\"]");
  }

  @Test
  void theAnalysisAddsGapRowsSkewShiftsAndTheCriticalPathOnce() {
    JsonNode out =
        run(
            "trace-model.js",
            "(() => { "
                + ROWS
                + " const model = m.buildTraceModel("
                + TRACE
                + ", null); m.withAnalysis(model, {hops: [{clientSpanId: 'c', serverSpanId: 's',"
                + " callerService: 'webapp', calleeService: 'auth'}], spanOffsets: {s: 50},"
                + " skew: [{serviceName: 'auth', offsetNanos: 50, text: 'auth is 50 ns behind'}],"
                + " criticalPath: [{kind: 'span', spanId: 'r'}, {kind: 'gap', spanId: 's'}]});"
                + " let again = null; try { m.withAnalysis(model, {}); } catch (e) { again ="
                + " e.message; } const gap = model.byId.get('c').children[0];"
                + " return {rows: rows(model, []), skew: model.byId.get('s').skew.offsetNanos,"
                + " critical: model.nodes.filter((n) => n.critical).map((n) => n.id),"
                + " gap: [gap.type, gap.service, gap.critical], again}; })()");
    assertThat(out.get("rows").toString())
        .isEqualTo("[\"r:0:0\",\"c:1:100\",\"gap:s:2:100\",\"s:2:250\",\"o:0:49\"]");
    assertThat(out.get("skew").asLong()).isEqualTo(50);
    assertThat(out.get("critical").toString()).isEqualTo("[\"r\"]");
    assertThat(out.get("gap").toString()).isEqualTo("[\"gap\",\"webapp → auth\",true]");
    assertThat(out.get("again").asText()).contains("already applied");
  }

  @Test
  void findingASpanRevealsItUnderCollapsedParents() {
    JsonNode out =
        run(
            "trace-model.js",
            "(() => { const model = m.buildTraceModel("
                + TRACE
                + ", null); const collapsed = new Set(['r', 'c']);"
                + " const byService = m.findSpans(model, 'VALIDATE').map((n) => n.id);"
                + " const byValue = m.findSpans(model, 'products').map((n) => n.id);"
                + " m.reveal(model.byId.get('s'), collapsed);"
                + " return {byService, byValue, empty: m.findSpans(model, '  ').length,"
                + " collapsed: [...collapsed]}; })()");
    assertThat(out.get("byService").toString()).isEqualTo("[\"s\"]");
    assertThat(out.get("byValue").toString()).isEqualTo("[\"c\"]");
    assertThat(out.get("empty").asInt()).isZero();
    assertThat(out.get("collapsed").toString()).isEqualTo("[]");
  }

  // compare-model.js

  private static String span(
      String id, String parent, long startOffset, long nanos, String svc, String name) {
    return "{spanId: '"
        + id
        + "', parentSpanId: "
        + (parent == null ? "null" : "'" + parent + "'")
        + ", startTimeUnixNano: '"
        + (1_800_000_000_000_000_000L + startOffset)
        + "', durationNanos: "
        + nanos
        + ", serviceName: '"
        + svc
        + "', name: '"
        + name
        + "'}";
  }

  private static final String TRACE_A =
      "{spans: ["
          + span("a1", null, 0, 100_000_000, "webapp", "GET /")
          + ","
          + span("a2", "a1", 10, 10_000_000, "auth", "Validate")
          + ","
          + span("a3", "a1", 20, 5_000_000, "db", "SELECT")
          + "]}";
  private static final String TRACE_B =
      "{spans: ["
          + span("b3", "b1", 30, 2_000_000, "cache", "get")
          + ","
          + span("b1", null, 0, 100_000_000, "webapp", "GET /")
          + ","
          + span("b2", "b1", 10, 50_000_000, "auth", "Validate")
          + "]}";

  @Test
  void theSameCallInBothTracesSharesARowAndDifferencesAreClassified() {
    JsonNode out =
        run(
            "compare-model.js",
            "m.mergeTraces("
                + TRACE_A
                + ", "
                + TRACE_B
                + ", null).map((r) => [r.node.path, r.depth, r.diff, r.delta])");
    assertThat(out.toString())
        .isEqualTo(
            "[[\"webapp: GET /\",0,\"same\",0],"
                + "[\"webapp: GET / > auth: Validate\",1,\"changed\",40000000],"
                + "[\"webapp: GET / > db: SELECT\",1,\"removed\",-5000000],"
                + "[\"webapp: GET / > cache: get\",1,\"added\",2000000]]");
  }

  @Test
  void theServersClassificationWinsOverTheLocalOne() {
    JsonNode out =
        run(
            "compare-model.js",
            "m.mergeTraces("
                + TRACE_A
                + ", "
                + TRACE_B
                + ", {differences: [{path: 'webapp: GET /', serviceName: 'webapp', name: 'GET /'}]})"
                + ".map((r) => [r.diff, r.fromApi])");
    assertThat(out.get(0).toString()).isEqualTo("[\"changed\",true]");
    assertThat(out.get(2).toString()).isEqualTo("[\"removed\",false]");
  }

  // views

  @Test
  void leavingAViewCancelsTheRequestItStillWaitsFor() {
    Object result =
        browser.asyncScript(
            "const done = arguments[arguments.length - 1];"
                + "import('/js/router.js').then((router) => {"
                + "  const seen = [];"
                + "  const original = window.fetch;"
                + "  window.fetch = (url, options) => {"
                + "    seen.push({url: String(url), signal: options?.signal});"
                + "    return original(url, options);"
                + "  };"
                + "  try { router.navigate('/map'); router.navigate('/search'); }"
                + "  finally { window.fetch = original; }"
                + "  const graph = seen.find((s) => s.url.includes('/api/graph'));"
                + "  done(JSON.stringify({asked: Boolean(graph), aborted: graph?.signal?.aborted}));"
                + "}).catch((e) => done('ERROR ' + e.stack));");
    assertThat(String.valueOf(result)).isEqualTo("{\"asked\":true,\"aborted\":true}");
  }
}
