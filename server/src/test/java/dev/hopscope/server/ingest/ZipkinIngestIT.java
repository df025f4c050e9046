package dev.hopscope.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.TraceId;
import dev.hopscope.otlp.testing.RandomZipkinSpans;
import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;
import zipkin2.codec.SpanBytesEncoder;

/**
 * Zipkin v2 ingest as a Zipkin client sees it, with the default limits: an invalid span refuses its
 * whole request with a 400 naming it (Zipkin has no partial success), and what is accepted comes
 * back through Zipkin's read API exactly as it was sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZipkinIngestIT {
  private static final String VALID_TRACE = "000000000000000000000000000a11ce";

  @TempDir static Path dataDir;

  private HopscopeServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final long now = System.currentTimeMillis() * 1000;

  @BeforeAll
  void start() {
    server = HopscopeServer.start(ServerConfig.forTests(dataDir));
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
          non-hex trace id  | "traceId":"zz8efff798038103","id":"2"        | invalid_trace_id | not all hex
          all-zero trace id | "traceId":"0000000000000000","id":"2"        | invalid_trace_id | all zeros
          missing span id   | "traceId":"5b8efff798038103"                 | invalid_span_id  | span id is missing
          unknown kind      | "traceId":"1","id":"2","kind":"SERVANT"      | unknown_enum     | 'SERVANT' is not a Zipkin span kind
          negative duration | "traceId":"1","id":"2","duration":-5         | end_before_start | duration -5 is negative
          """)
  void anInvalidSpanRefusesItsWholeRequestNamingTheSpanAndTheReason(
      String name, String fields, String reason, String words) throws Exception {
    Map<String, Double> before = rejections();
    String valid = span("\"traceId\":\"" + VALID_TRACE + "\",\"id\":\"1\"");

    HttpResponse<String> answer = post("[" + valid + "," + span(fields) + "]");

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    assertThat(answer.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
    assertThat(answer.body())
        .startsWith("1 of 2 spans are invalid, so nothing of this request was stored")
        .contains("span[1] (service 'shop'): ")
        .contains(words);
    assertThat(server.store().trace(Tenants.DEFAULT, TraceId.fromHex(VALID_TRACE))).isEmpty();
    Map<String, Double> after = rejections();
    for (String counter :
        List.of("spans/" + reason, "spans/request_refused", "requests/invalid_spans")) {
      assertThat(after.getOrDefault(counter, 0.0) - before.getOrDefault(counter, 0.0))
          .as(counter)
          .isEqualTo(1.0);
    }
  }

  @Test
  void aServiceNameOverTheValueLimitIsRefusedLikeATagAndNeverListed() throws Exception {
    String longName = "s".repeat(20_000);

    HttpResponse<String> service =
        post("[" + span("\"traceId\":\"1\",\"id\":\"2\"").replace("shop", longName) + "]");
    HttpResponse<String> tag =
        post(
            "["
                + span("\"traceId\":\"1\",\"id\":\"3\",\"tags\":{\"t\":\"" + longName + "\"}")
                + "]");

    for (HttpResponse<String> answer : List.of(service, tag)) {
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
      assertThat(answer.body())
          .contains("is 20000 bytes, over the limit of 16384 (limits.maxAttributeValueLength)")
          .contains("raise limits.maxAttributeValueLength");
    }
    assertThat(service.body()).contains("localEndpoint.serviceName is 20000 bytes");
    assertThat(tag.body()).contains("tags.'t' is 20000 bytes");
    assertThat(get("/api/v2/services").body()).doesNotContain("sss");
  }

  @Test
  void shortHexTraceIdsAreLeftPaddedAsZipkinDoes() throws Exception {
    assertThat(post("[" + span("\"traceId\":\"abc\",\"id\":\"1\"") + "]").statusCode())
        .isEqualTo(202);
    assertThat(
            post("[" + span("\"traceId\":\"" + "f".repeat(31) + "\",\"id\":\"1\"") + "]")
                .statusCode())
        .isEqualTo(202);

    assertThat(new JsonArray(get("/api/v2/trace/0000000000000abc").body())).hasSize(1);
    assertThat(new JsonArray(get("/api/v2/trace/0" + "f".repeat(31)).body())).hasSize(1);
  }

  /** Issue 21: a span sent with a remote service and a peer.service tag loses neither. */
  @Test
  void zipkinSpansComeBackThroughTheReadApiAsSent() throws Exception {
    Map<String, List<Span>> byTrace = new LinkedHashMap<>();
    for (long seed = 20261225; seed < 20261225 + 40; seed++) {
      List<Span> batch = new RandomZipkinSpans(seed, now - 3_600_000_000L).spans(10);
      HttpResponse<String> answer =
          post(new String(SpanBytesEncoder.JSON_V2.encodeList(batch), StandardCharsets.UTF_8));
      assertThat(answer.statusCode()).as("seed %d: %s", seed, answer.body()).isEqualTo(202);
      for (Span span : batch) {
        byTrace.computeIfAbsent(span.traceId(), id -> new ArrayList<>()).add(span);
      }
    }

    for (Map.Entry<String, List<Span>> trace : byTrace.entrySet()) {
      HttpResponse<String> answer = get("/api/v2/trace/" + trace.getKey());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      assertThat(
              SpanBytesDecoder.JSON_V2.decodeList(answer.body().getBytes(StandardCharsets.UTF_8)))
          .as("trace %s: %s", trace.getKey(), answer.body())
          .containsExactlyInAnyOrderElementsOf(trace.getValue());
    }
    assertThat(byTrace).hasSizeGreaterThan(40);
  }

  /** A complete span of service "shop" with the given fields. */
  private String span(String fields) {
    return "{"
        + fields
        + ",\"name\":\"get\",\"timestamp\":"
        + now
        + (fields.contains("duration") ? "" : ",\"duration\":5")
        + ",\"localEndpoint\":{\"serviceName\":\"shop\"}}";
  }

  private HttpResponse<String> post(String body) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.zipkinPort() + "/api/v2/spans"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.zipkinPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Zipkin's rejection counters as "spans/<reason>" and "requests/<reason>". */
  private Map<String, Double> rejections() throws IOException, InterruptedException {
    String text =
        http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Map<String, Double> counts = new HashMap<>();
    Matcher line =
        Pattern.compile(
                "hopscope_rejected_(spans|requests)_total\\{protocol=\"zipkin_json\",reason=\"(\\w+)\"\\} (\\S+)")
            .matcher(text);
    while (line.find()) {
      counts.put(line.group(1) + "/" + line.group(2), Double.parseDouble(line.group(3)));
    }
    return counts;
  }
}
