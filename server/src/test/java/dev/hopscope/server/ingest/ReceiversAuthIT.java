package dev.hopscope.server.ingest;

import static dev.hopscope.server.auth.SecuredServer.A;
import static dev.hopscope.server.auth.SecuredServer.B;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.TraceId;
import dev.hopscope.server.auth.SecuredServer;
import dev.hopscope.server.auth.SecuredServer.Answer;
import dev.hopscope.server.auth.TestTokens;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.testing.Await;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tokens on the three receivers and {@code /metrics}: the real OTel SDK exporters with a token
 * header, every refusal's status (HTTP and gRPC), the tenant taken from the token, failures counted
 * and slowed down, and the tokens file re-read without a restart.
 */
class ReceiversAuthIT {
  private static final String ZIPKIN_SPAN =
      "[{\"traceId\":\"%s\",\"id\":\"eee19b7ec3c1b174\",\"name\":\"get\",\"timestamp\":%d,"
          + "\"duration\":1000,\"localEndpoint\":{\"serviceName\":\"zipkin-svc\"}}]";

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "http"})
  void theSdkExportersWithATokenWriteToItsTenantAndWithoutOneWriteNothing(String transport) {
    try (SecuredServer secured = new SecuredServer(dir)) {
      String traceId = export(exporter(secured, transport, "a-writer"), "with-token");
      assertThat(secured.server().store().trace(A, TraceId.fromHex(traceId))).isPresent();
      assertThat(secured.server().store().trace(B, TraceId.fromHex(traceId))).isEmpty();
      assertThat(secured.server().store().trace(Tenants.DEFAULT, TraceId.fromHex(traceId)))
          .isEmpty();

      assertThat(exportFails(exporter(secured, transport, null))).isTrue();
      assertThat(exportFails(exporter(secured, transport, "a-reader"))).isTrue();
      assertThat(secured.server().store().services(A, TimeRange.ALL)).containsExactly("with-token");
    }
  }

  @Test
  void everyReceiverAnswersMissingUnknownAndInsufficientTokensAlike() throws Exception {
    try (SecuredServer secured = new SecuredServer(dir);
        RawGrpc grpc = new RawGrpc(secured.server().otlpGrpcPort())) {
      int otlp = secured.server().otlpHttpPort();
      int zipkin = secured.server().zipkinPort();
      byte[] otlpBody = Requests.protobuf(Requests.validSpan());
      byte[] zipkinBody =
          String.format(ZIPKIN_SPAN, Requests.TRACE_ID, Requests.START / 1000)
              .getBytes(StandardCharsets.UTF_8);
      String[][] cases = {
        // token, X-Scope-OrgID, HTTP status, gRPC status
        {null, null, "401", "16"},
        {"nope", null, "401", "16"},
        {"a-reader", null, "403", "7"},
        {"ops", B, "403", "7"},
        {"a-writer", B, "403", "7"},
        {"b-writer", A, "403", "7"},
      };
      for (String[] c : cases) {
        String what = "token " + c[0] + ", tenant header " + c[1];
        Answer overHttp =
            secured.send(
                "POST", otlp, "/v1/traces", c[0], c[1], "application/x-protobuf", otlpBody);
        assertThat(overHttp.status()).as(what).isEqualTo(Integer.parseInt(c[2]));
        Answer overZipkin =
            secured.send(
                "POST", zipkin, "/api/v2/spans", c[0], c[1], "application/json", zipkinBody);
        assertThat(overZipkin.status()).as(what).isEqualTo(Integer.parseInt(c[2]));
        if (c[2].equals("401")) {
          assertThat(overZipkin.response().headers().firstValue("WWW-Authenticate"))
              .hasValue("Bearer");
        }
        Map<String, String> headers = new HashMap<>();
        if (c[0] != null) {
          headers.put("authorization", "Bearer " + c[0]);
        }
        if (c[1] != null) {
          headers.put("x-scope-orgid", c[1]);
        }
        RawGrpc.Call call = grpc.open(headers);
        call.write(RawGrpc.frame(otlpBody));
        call.end();
        RawGrpc.Answer answer = call.answer(Duration.ofSeconds(10));
        assertThat(answer.grpcStatus()).as(what).isEqualTo(c[3]);
        assertThat(answer.grpcMessage()).as(what).doesNotContain("trace", "exist");
      }
      assertThat(secured.server().store().services(A, TimeRange.ALL)).isEmpty();
      assertThat(secured.server().store().services(B, TimeRange.ALL)).isEmpty();

      int http = secured.server().httpPort();
      assertThat(secured.get(http, "/metrics", null, null).status()).isEqualTo(401);
      assertThat(secured.get(http, "/metrics", "a-reader", null).status()).isEqualTo(403);
      assertThat(secured.get(http, "/health", null, null).status()).isEqualTo(200);
      Answer metrics = secured.get(http, "/metrics", "ops", null);
      assertThat(metrics.status()).isEqualTo(200);
      for (String listener : new String[] {"otlp_http", "zipkin", "otlp_grpc"}) {
        assertThat(metrics.body())
            .contains(
                "hopscope_auth_failures_total{listener=\""
                    + listener
                    + "\",reason=\"missing_token\"} 1.0",
                "hopscope_auth_failures_total{listener=\""
                    + listener
                    + "\",reason=\"tenant_not_allowed\"} 2.0",
                "hopscope_auth_failures_total{listener=\""
                    + listener
                    + "\",reason=\"missing_permission\"} 2.0");
      }
      assertThat(metrics.body()).doesNotContain("a-writer", "a-reader", "Bearer");
    }
  }

  @Test
  void aTokenAddedToTheFileWorksWithoutARestartAndARemovedOneStops() {
    try (SecuredServer secured = new SecuredServer(dir)) {
      int otlp = secured.server().otlpHttpPort();
      byte[] body = Requests.protobuf(Requests.validSpan());
      assertThat(post(secured, otlp, "late-writer", body)).isEqualTo(401);

      SecuredServer.tokens().add("late-writer", "late", "write").writeTo(secured.tokensFile());
      Await.until(
          "the new token to be accepted",
          Duration.ofSeconds(10),
          () -> post(secured, otlp, "late-writer", body) == 200);
      assertThat(secured.server().store().services("late", TimeRange.ALL))
          .containsExactly("webapp");

      new TestTokens().add("a-writer", A, "write").writeTo(secured.tokensFile());
      Await.until(
          "the removed token to be refused",
          Duration.ofSeconds(10),
          () -> post(secured, otlp, "late-writer", body) == 401);
    }
  }

  @Test
  void repeatedFailuresFromOneAddressAreAnsweredSlowerButAGoodTokenIsNot() {
    try (SecuredServer secured = new SecuredServer(dir, 3)) {
      int otlp = secured.server().otlpHttpPort();
      byte[] body = Requests.protobuf(Requests.validSpan());
      for (int i = 0; i < 3; i++) {
        assertThat(post(secured, otlp, "guess-" + i, body)).isEqualTo(401);
      }
      long start = System.nanoTime();
      assertThat(post(secured, otlp, "guess-3", body)).isEqualTo(401);
      assertThat(post(secured, otlp, "guess-4", body)).isEqualTo(401);
      long slowed = (System.nanoTime() - start) / 1_000_000;
      assertThat(slowed).as("100 ms + 200 ms of delay").isGreaterThanOrEqualTo(300);

      start = System.nanoTime();
      assertThat(post(secured, otlp, "a-writer", body)).isEqualTo(200);
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
    }
  }

  private static int post(SecuredServer secured, int port, String token, byte[] body) {
    return secured
        .send("POST", port, "/v1/traces", token, null, "application/x-protobuf", body)
        .status();
  }

  private static SpanExporter exporter(SecuredServer secured, String transport, String token) {
    if (transport.equals("grpc")) {
      var builder =
          OtlpGrpcSpanExporter.builder()
              .setEndpoint("http://127.0.0.1:" + secured.server().otlpGrpcPort());
      if (token != null) {
        builder.addHeader("Authorization", "Bearer " + token);
      }
      return builder.build();
    }
    var builder =
        OtlpHttpSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + secured.server().otlpHttpPort() + "/v1/traces");
    if (token != null) {
      builder.addHeader("Authorization", "Bearer " + token);
    }
    return builder.build();
  }

  /** Exports one span of {@code service}; returns its trace id. */
  private static String export(SpanExporter exporter, String service) {
    return SdkExport.oneSpan(exporter, service);
  }

  private static boolean exportFails(SpanExporter exporter) {
    try {
      export(exporter, "refused");
      return false;
    } catch (AssertionError expected) {
      return true;
    }
  }
}
