package dev.hopscope.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Event;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.model.testing.RandomSpans;
import dev.hopscope.otlp.OtlpJsonEncoder;
import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zipkin2.Endpoint;
import zipkin2.reporter.AsyncReporter;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/** OTLP/HTTP JSON and a real Zipkin reporter against a running server. */
class JsonAndZipkinIT {
  @TempDir Path dataDir;

  private HopscopeServer server;

  @BeforeEach
  void start() {
    server = HopscopeServer.start(ServerConfig.forTests(dataDir));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void otlpJsonOfEveryFieldAndAttributeTypeIsReadBackExactly() throws Exception {
    List<Span> spans = new ArrayList<>();
    long now = System.currentTimeMillis() * 1_000_000L;
    for (Span span : new RandomSpans(20261201).spans(50)) {
      spans.add(shifted(span, now - span.startNanos()));
    }
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(OtlpJsonEncoder.encode(spans)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
    for (Span span : spans) {
      Trace trace = server.store().trace(Tenants.DEFAULT, span.traceId()).orElseThrow();
      assertThat(trace.spans()).contains(span);
    }
  }

  @Test
  void aZipkinReporterSpanIsMappedToOpenTelemetrySemantics() {
    long micros = System.currentTimeMillis() * 1000;
    zipkin2.Span sent =
        zipkin2.Span.newBuilder()
            .traceId("5b8efff798038103d269b633813fc60c")
            .parentId("eee19b7ec3c1b174")
            .id("2a2b3c4d5e6f7081")
            .kind(zipkin2.Span.Kind.CLIENT)
            .name("get /tokens")
            .timestamp(micros)
            .duration(1500)
            .localEndpoint(Endpoint.newBuilder().serviceName("webapp").ip("10.0.0.1").build())
            .remoteEndpoint(
                Endpoint.newBuilder().serviceName("auth").ip("10.0.0.2").port(8080).build())
            .putTag("http.method", "GET")
            .putTag("error", "401 Unauthorized")
            .addAnnotation(micros + 100, "retry")
            .build();
    String endpoint = "http://127.0.0.1:" + server.zipkinPort() + "/api/v2/spans";
    try (URLConnectionSender sender = URLConnectionSender.create(endpoint);
        // With no message timeout the reporter has no thread of its own: flush() sends on this
        // thread and returns once the server answered. The default background thread could take
        // the span first, and flush() would then return before the span reached the server.
        AsyncReporter<zipkin2.Span> reporter =
            AsyncReporter.builder(sender).messageTimeout(0, TimeUnit.MILLISECONDS).build()) {
      reporter.report(sent);
      reporter.flush();
    }

    Trace trace =
        server.store().trace(Tenants.DEFAULT, TraceId.fromHex(sent.traceId())).orElseThrow();
    Span span = trace.spans().get(0);
    assertThat(span.spanId().toHex()).isEqualTo("2a2b3c4d5e6f7081");
    assertThat(span.parentSpanId()).map(id -> id.toHex()).hasValue("eee19b7ec3c1b174");
    assertThat(span.kind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.name()).isEqualTo("get /tokens");
    assertThat(span.serviceName()).isEqualTo("webapp");
    assertThat(span.startNanos()).isEqualTo(micros * 1000);
    assertThat(span.durationNanos()).isEqualTo(1_500_000);
    assertThat(span.attributes().get("http.method")).isEqualTo(AttributeValue.of("GET"));
    assertThat(span.attributes().get("peer.service")).isEqualTo(AttributeValue.of("auth"));
    assertThat(span.attributes().get("network.peer.address"))
        .isEqualTo(AttributeValue.of("10.0.0.2"));
    assertThat(span.attributes().get("network.peer.port")).isEqualTo(AttributeValue.of(8080L));
    assertThat(span.status().isError()).isTrue();
    assertThat(span.status().message()).isEqualTo("401 Unauthorized");
    assertThat(span.events()).containsExactly(Event.of((micros + 100) * 1000, "retry"));
  }

  private static Span shifted(Span span, long delta) {
    List<Event> events = new ArrayList<>();
    for (Event event : span.events()) {
      events.add(
          new Event(
              event.timeNanos() + delta,
              event.name(),
              event.attributes(),
              event.droppedAttributesCount()));
    }
    return new Span(
        span.traceId(),
        span.spanId(),
        span.parentSpanId(),
        span.traceState(),
        span.name(),
        span.kind(),
        span.startNanos() + delta,
        span.endNanos() + delta,
        span.attributes(),
        events,
        span.links(),
        span.status(),
        span.flags(),
        span.resource(),
        span.scope(),
        span.droppedAttributesCount(),
        span.droppedEventsCount(),
        span.droppedLinksCount());
  }
}
