package dev.hopscope.server.api.compat;

import static dev.hopscope.server.api.compat.CompatFixture.MS;
import static dev.hopscope.server.api.compat.CompatFixture.encode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Event;
import dev.hopscope.model.Link;
import dev.hopscope.model.Resource;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.TraceId;
import dev.hopscope.server.api.compat.JaegerModel.DependencyLink;
import dev.hopscope.server.api.compat.JaegerModel.Envelope;
import dev.hopscope.server.api.compat.JaegerModel.KeyValue;
import dev.hopscope.server.api.compat.JaegerModel.Log;
import dev.hopscope.server.api.compat.JaegerModel.Operation;
import dev.hopscope.server.api.compat.JaegerModel.Process;
import dev.hopscope.server.api.compat.JaegerModel.RefType;
import dev.hopscope.server.api.compat.JaegerModel.Reference;
import dev.hopscope.server.api.compat.JaegerModel.Span;
import dev.hopscope.server.api.compat.JaegerModel.StructuredError;
import dev.hopscope.server.api.compat.JaegerModel.Trace;
import dev.hopscope.server.testing.Loader;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jaeger's internal v1 API as Grafana's Jaeger data source and Jaeger UI's trace page decode it:
 * every answer goes through {@link JaegerDecoder} into Jaeger's own model ({@link JaegerModel}), so
 * an unknown key, a missing one or a value of the wrong JSON type fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JaegerApiIT {
  private static final TypeReference<Envelope<List<String>>> NAMES = new TypeReference<>() {};
  private static final TypeReference<Envelope<List<Operation>>> OPERATIONS =
      new TypeReference<>() {};
  private static final TypeReference<Envelope<List<Trace>>> TRACES = new TypeReference<>() {};
  private static final TypeReference<Envelope<List<DependencyLink>>> LINKS =
      new TypeReference<>() {};
  private static final TypeReference<Envelope<Object>> FAILED = new TypeReference<>() {};

  @TempDir static Path dataDir;

  private CompatFixture shop;

  @BeforeAll
  void load() throws Exception {
    shop = new CompatFixture(dataDir);
  }

  @AfterAll
  void stop() {
    shop.close();
  }

  /** A 200 answer in the envelope, with {@code total} counting {@code data}, nothing paged. */
  private <T> List<T> data(String path, TypeReference<Envelope<List<T>>> type) throws Exception {
    Envelope<List<T>> answer = JaegerDecoder.decode(shop.jsonText(path), type);
    assertThat(answer.errors()).isNull();
    assertThat(answer.limit()).isZero();
    assertThat(answer.offset()).isZero();
    assertThat(answer.data()).isNotNull().hasSize(answer.total());
    return answer.data();
  }

  @Test
  void servicesAndOperationsInTheEnvelope() throws Exception {
    assertThat(data("/jaeger/api/services", NAMES)).containsExactly("auth", "webapp");
    assertThat(data("/jaeger/api/services/auth/operations", NAMES))
        .containsExactly("SELECT tokens", "ValidateToken");
    assertThat(data("/jaeger/api/operations?service=auth", OPERATIONS))
        .containsExactly(
            new Operation("SELECT tokens", "client"), new Operation("ValidateToken", "server"));
    assertThat(data("/jaeger/api/operations?service=auth&spanKind=server", OPERATIONS))
        .containsExactly(new Operation("ValidateToken", "server"));
  }

  @Test
  void searchFindsErrorTracesAndEncodesJaegersModel() throws Exception {
    // As Jaeger UI sends it: empty fields without '=', tags as a JSON object.
    List<Trace> traces =
        data(
            "/jaeger/api/traces?service=auth&operation=ValidateToken&tags="
                + encode("{\"error\":\"true\"}")
                + "&minDuration&maxDuration&lookback=1h&limit=20",
            TRACES);
    assertThat(traces).hasSize(3);
    Trace trace = traces.get(0);
    assertThat(trace.traceID()).isEqualTo(shop.traceId(20));
    assertThat(trace.processes()).containsOnlyKeys("p1", "p2");
    Process webapp = trace.processes().get("p1");
    assertThat(webapp.serviceName()).isEqualTo("webapp");
    assertThat(byKey(webapp.tags())).doesNotContainKey("service.name");
    assertThat(byKey(webapp.tags()).get("host.name").value()).isEqualTo("host-a");

    Span root = trace.spans().get(0);
    assertThat(root.operationName()).isEqualTo("GET /products");
    assertThat(root.spanID()).matches("[0-9a-f]{16}");
    assertThat(root.traceID()).isEqualTo(trace.traceID());
    assertThat(root.references()).isEmpty();
    assertThat(root.startTime()).isEqualTo((shop.base + 20 * 100 * MS) / 1000);
    assertThat(root.duration()).isEqualTo(33_000L);
    assertThat(root.processID()).isEqualTo("p1");
    assertThat(trace.spans()).allMatch(span -> trace.processes().containsKey(span.processID()));
    Map<String, KeyValue> tags = byKey(root.tags());
    assertThat(tags.get("span.kind")).isEqualTo(new KeyValue("span.kind", "string", "server"));
    // The UI paints a span red only for a boolean error tag.
    assertThat(tags.get("error")).isEqualTo(new KeyValue("error", "bool", true));
    assertThat(tags.get("otel.status_code").value()).isEqualTo("ERROR");
    assertThat(tags.get("otel.status_description").value()).isEqualTo("unauthorized");
    assertThat(tags.get("http.response.status_code"))
        .isEqualTo(new KeyValue("http.response.status_code", "int64", 401));
    assertThat(tags.get("http.route").type()).isEqualTo("string");

    Reference parent = trace.spans().get(1).references().get(0);
    assertThat(parent).isEqualTo(new Reference(RefType.CHILD_OF, trace.traceID(), root.spanID()));
  }

  @Test
  void eventsBecomeLogsLinksFollowsFromAndNoKindIsInternal() throws Exception {
    // A span of its own tenant, so the shop's counts stay as they are.
    TraceId traceId = new TraceId(7, 11);
    long start = shop.base;
    dev.hopscope.model.Span span =
        dev.hopscope.model.Span.builder(traceId, new SpanId(3))
            .name("retrying")
            .startNanos(start)
            .endNanos(start + 5 * MS)
            .resource(Resource.of(Attributes.builder().put("service.name", "worker").build()))
            .events(
                List.of(
                    new Event(
                        start + MS, "retry", Attributes.builder().put("attempt", 2L).build(), 0)))
            .links(List.of(Link.of(new TraceId(0, 5), new SpanId(9))))
            .build();
    new Loader(shop.server).send(List.of(span), "events");
    String path = "/jaeger/api/traces/" + traceId.toHex();
    HttpResponse<String> answer = shop.getAsTenant(path, "events");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    Span decoded = JaegerDecoder.decode(answer.body(), TRACES).data().get(0).spans().get(0);
    assertThat(decoded.logs())
        .containsExactly(
            new Log(
                (start + MS) / 1000,
                List.of(
                    new KeyValue("event", "string", "retry"),
                    new KeyValue("attempt", "int64", 2))));
    // Jaeger writes a 64-bit trace id (high half zero) as 16 hex digits.
    assertThat(decoded.references())
        .containsExactly(
            new Reference(RefType.FOLLOWS_FROM, "0000000000000005", "0000000000000009"));
    // A span without a kind is listed as internal, by v1 and v3 alike.
    for (String operations :
        List.of("/jaeger/api/operations?service=worker", "/api/v3/operations?service=worker")) {
      String body = shop.getAsTenant(operations, "events").body();
      List<Operation> listed =
          operations.startsWith("/api/v3")
              ? JaegerDecoder.decode(body, JaegerV3Model.Operations.class).operations()
              : JaegerDecoder.decode(body, OPERATIONS).data();
      assertThat(listed).containsExactly(new Operation("retrying", "internal"));
    }
  }

  @Test
  void arrayAndMapAttributesAreJsonAsOpenTelemetrysJaegerTranslatorWritesThem() throws Exception {
    TraceId traceId = new TraceId(0xa77a, 1);
    shop.sendArraySpan(traceId);

    HttpResponse<String> answer =
        shop.getAsTenant(
            shop.server.httpPort(),
            "/jaeger/api/traces/" + traceId.toHex(),
            CompatFixture.ARRAYS_TENANT);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    Map<String, KeyValue> tags =
        byKey(JaegerDecoder.decode(answer.body(), TRACES).data().get(0).spans().get(0).tags());
    CompatFixture.ARRAY_TAGS.forEach(
        (key, json) -> assertThat(tags.get(key)).isEqualTo(new KeyValue(key, "string", json)));
  }

  @Test
  void searchByOperationAndSpanDuration() throws Exception {
    String products = "/jaeger/api/traces?service=webapp&operation=" + encode("SELECT products");
    assertThat(data(products + "&minDuration=15ms&limit=100", TRACES)).hasSize(30);
    assertThat(data(products + "&minDuration=21ms", TRACES)).isEmpty();
    assertThat(data(products + "&limit=5", TRACES)).hasSize(5);
    long now = System.currentTimeMillis() * 1000;
    String window = "&start=" + (now - 3_600_000_000L) + "&end=" + now;
    assertThat(data(products + window, TRACES)).hasSize(30);
    String before = "&start=" + (now - 7_200_000_000L) + "&end=" + (now - 3_600_000_000L);
    assertThat(data(products + before, TRACES)).isEmpty();
  }

  @Test
  void traceByIdAndTheCompareViewsMultiGet() throws Exception {
    List<Trace> one = data("/jaeger/api/traces/" + shop.traceId(3), TRACES);
    assertThat(one).hasSize(1);
    assertThat(one.get(0).spans()).hasSize(5);
    assertThat(data("/jaeger/api/traces/" + shop.traceId(3).toUpperCase(), TRACES)).hasSize(1);

    List<Trace> two =
        data(
            "/jaeger/api/traces?traceID=" + shop.traceId(1) + "&traceID=" + shop.traceId(2),
            TRACES);
    assertThat(two).extracting(Trace::traceID).containsExactly(shop.traceId(1), shop.traceId(2));
  }

  @Test
  void errorsUseTheEnvelopeWithCodeAndMessage() throws Exception {
    assertError("/jaeger/api/traces/" + "ab".repeat(16), 404, "not found");
    assertError("/jaeger/api/traces/not-hex", 400, "trace id");
    assertError("/jaeger/api/traces?operation=x", 400, "service");
    assertError("/jaeger/api/traces?service=auth&minDuration=fast", 400, "minDuration");
    assertError("/jaeger/api/traces?service=auth&tags=" + encode("[1]"), 400, "tags");
    assertError("/jaeger/api/operations", 400, "service");
    assertError("/jaeger/api/archive/" + shop.traceId(1), 404, "no API");
  }

  private void assertError(String path, int status, String mentions) throws Exception {
    HttpResponse<String> answer = shop.get(path);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    Envelope<Object> body = JaegerDecoder.decode(answer.body(), FAILED);
    assertThat(body.data()).isNull();
    assertThat(body.errors()).hasSize(1);
    StructuredError error = body.errors().get(0);
    assertThat(error.code()).isEqualTo(status);
    assertThat(error.msg()).contains(mentions);
  }

  @Test
  void dependenciesLinkWebappToAuthAndTheDatabasePeers() throws Exception {
    long now = System.currentTimeMillis();
    List<DependencyLink> links =
        data("/jaeger/api/dependencies?endTs=" + now + "&lookback=3600000", LINKS);
    Map<String, Long> calls = new HashMap<>();
    links.forEach(link -> calls.put(link.parent() + "->" + link.child(), link.callCount()));
    assertThat(calls).containsEntry("webapp->auth", 30L);
    // The h2 database is uninstrumented: it appears as a peer of both services.
    assertThat(calls.keySet())
        .hasSize(3)
        .allMatch(key -> key.startsWith("webapp->") || key.startsWith("auth->"));
    assertThat(
            data("/jaeger/api/dependencies?endTs=" + (now - 3_600_000) + "&lookback=60000", LINKS))
        .isEmpty();
  }

  static Map<String, KeyValue> byKey(List<KeyValue> tags) {
    Map<String, KeyValue> out = new HashMap<>();
    tags.forEach(tag -> out.put(tag.key(), tag));
    return out;
  }
}
