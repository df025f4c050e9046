package dev.hopscope.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.model.TraceId;
import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.server.config.Setting;
import dev.hopscope.server.ingest.SdkExport;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A certificate per listener and client certificates (mTLS) on the receivers, configured through
 * the settings users write: the global pair, an own pair for OTLP/gRPC and for the UI's port,
 * client certificates required by {@code tls.clientAuth} except on Zipkin ({@code
 * tls.zipkin.clientAuth: none}). Clients are the real OTel SDK exporters and raw TLS sockets.
 */
class TlsListenersIT {
  @TempDir static Path dir;
  private static TestCertificates serverCa;
  private static TestCertificates clientCa;
  private static TestCertificates otherCa;
  private static TestCertificates.Issued goodClient;
  private static TestCertificates.Issued strangerClient;
  private static HopscopeServer server;

  @BeforeAll
  static void start() {
    serverCa = TestCertificates.make(dir, "servers");
    clientCa = TestCertificates.make(dir, "clients");
    otherCa = TestCertificates.make(dir, "other");
    TestCertificates.Issued grpc = serverCa.server("grpc", "grpc.hopscope.test");
    TestCertificates.Issued ui = serverCa.server("ui", "ui.hopscope.test");
    goodClient = clientCa.client("collector", "collector");
    strangerClient = otherCa.client("stranger", "stranger");
    Path tokens = SecuredServer.tokens().writeTo(dir.resolve("tokens.yaml"));
    server =
        HopscopeServer.start(
            ServerConfig.forTests(
                dir.resolve("data"),
                Map.of(
                    Setting.AUTH_TOKENS_FILE, tokens.toString(),
                    Setting.TLS_CERT_FILE, serverCa.serverCert().toString(),
                    Setting.TLS_KEY_FILE, serverCa.serverKey().toString(),
                    Setting.TLS_OTLP_GRPC_CERT_FILE, grpc.cert().toString(),
                    Setting.TLS_OTLP_GRPC_KEY_FILE, grpc.key().toString(),
                    Setting.TLS_HTTP_CERT_FILE, ui.cert().toString(),
                    Setting.TLS_HTTP_KEY_FILE, ui.key().toString(),
                    Setting.TLS_CLIENT_AUTH, "required",
                    Setting.TLS_CLIENT_CA_FILE, clientCa.caCert().toString(),
                    Setting.TLS_ZIPKIN_CLIENT_AUTH, "none")));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void eachListenerPresentsItsOwnCertificateOrTheGlobalOne() {
    SSLContext client = TlsProbe.context(serverCa.caBytes(), goodClient);
    assertThat(TlsProbe.presentedSubject(client, server.otlpGrpcPort()))
        .isEqualTo("CN=grpc.hopscope.test");
    assertThat(TlsProbe.presentedSubject(client, server.httpPort()))
        .isEqualTo("CN=ui.hopscope.test");
    assertThat(TlsProbe.presentedSubject(client, server.otlpHttpPort())).isEqualTo("CN=127.0.0.1");
    assertThat(TlsProbe.presentedSubject(client, server.zipkinPort())).isEqualTo("CN=127.0.0.1");
  }

  @Test
  void theSdkExportersWithAGoodClientCertificateAndATokenWriteToTheTokensTenant() {
    for (String transport : new String[] {"grpc", "http"}) {
      String traceId = SdkExport.oneSpan(exporter(transport, goodClient, "a-writer"), "mtls-it");
      assertThat(server.store().trace(SecuredServer.A, TraceId.fromHex(traceId)))
          .as(transport)
          .isPresent();
    }
  }

  @Test
  void noClientCertificateOrOneFromAnotherCaIsRefused() {
    for (String transport : new String[] {"grpc", "http"}) {
      assertThatThrownBy(() -> SdkExport.oneSpan(exporter(transport, null, "a-writer"), "none"))
          .as(transport + " without a client certificate")
          .isInstanceOf(AssertionError.class);
      assertThatThrownBy(
              () -> SdkExport.oneSpan(exporter(transport, strangerClient, "a-writer"), "other"))
          .as(transport + " with a certificate of another CA")
          .isInstanceOf(AssertionError.class);
    }
  }

  @Test
  void theCertificateAuthenticatesTheConnectionTheTokenStillDecides() throws Exception {
    HttpClient collector =
        HttpClient.newBuilder()
            .sslContext(TlsProbe.context(serverCa.caBytes(), goodClient))
            .build();
    URI traces = URI.create("https://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces");
    HttpRequest.Builder post =
        HttpRequest.newBuilder(traces)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{}"));
    assertThat(collector.send(post.build(), HttpResponse.BodyHandlers.ofString()).statusCode())
        .as("a good certificate without a token")
        .isEqualTo(401);
    assertThat(
            collector
                .send(
                    post.copy()
                        .header("Authorization", "Bearer a-writer")
                        .header("X-Scope-OrgID", SecuredServer.B)
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .as("a good certificate with a token of tenant A naming tenant B")
        .isEqualTo(403);
    assertThat(
            collector
                .send(
                    post.copy().header("Authorization", "Bearer a-writer").build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void refusedHandshakesAreCountedByReasonAndNeverReachAHandler() throws Exception {
    String port = "listener=\"otlpHttp\"";
    double missingBefore = failures(port, "no_client_certificate");
    double untrustedBefore = failures(port, "untrusted_client_certificate");
    for (TestCertificates.@Nullable Issued presented :
        new TestCertificates.Issued[] {null, strangerClient}) {
      SSLContext client = TlsProbe.context(serverCa.caBytes(), presented);
      assertThatThrownBy(
              () -> {
                // TLS 1.3: the client's half of the handshake completes before the server checks
                // its certificate, so the refusal arrives as the first read fails.
                try (SSLSocket socket = TlsProbe.connect(client, server.otlpHttpPort())) {
                  TlsProbe.request(socket, "POST", "/v1/traces");
                }
              })
          .isInstanceOf(IOException.class);
    }
    dev.hopscope.store.testing.Await.until(
        "both refusals counted",
        java.time.Duration.ofSeconds(10),
        () ->
            failures(port, "no_client_certificate") > missingBefore
                && failures(port, "untrusted_client_certificate") > untrustedBefore,
        () -> TlsProbe.metricLines(server, "hopscope_tls_handshake_failures_total").toString());
  }

  @Test
  void zipkinAndTheUiDoNotAskForAClientCertificate() throws Exception {
    HttpClient browser =
        HttpClient.newBuilder().sslContext(TlsProbe.context(serverCa.caBytes(), null)).build();
    HttpResponse<String> health =
        browser.send(
            HttpRequest.newBuilder(URI.create(server.uiAddress() + "health")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    HttpResponse<String> zipkin =
        browser.send(
            HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + server.zipkinPort() + "/api/v2/spans"))
                .header("Authorization", "Bearer a-writer")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[]"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(zipkin.statusCode()).as(zipkin.body()).isEqualTo(202);
  }

  private static double failures(String listener, String reason) {
    return TlsProbe.metric(
        server,
        "hopscope_tls_handshake_failures_total{" + listener + ",reason=\"" + reason + "\"}");
  }

  private static SpanExporter exporter(
      String transport, TestCertificates.@Nullable Issued clientCert, @Nullable String token) {
    if (transport.equals("grpc")) {
      var builder =
          OtlpGrpcSpanExporter.builder()
              .setEndpoint("https://127.0.0.1:" + server.otlpGrpcPort())
              .setTrustedCertificates(serverCa.caBytes());
      if (clientCert != null) {
        builder.setClientTls(clientCert.keyBytes(), clientCert.certBytes());
      }
      if (token != null) {
        builder.addHeader("Authorization", "Bearer " + token);
      }
      return builder.build();
    }
    var builder =
        OtlpHttpSpanExporter.builder()
            .setEndpoint("https://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces")
            .setTrustedCertificates(serverCa.caBytes());
    if (clientCert != null) {
      builder.setClientTls(clientCert.keyBytes(), clientCert.certBytes());
    }
    if (token != null) {
      builder.addHeader("Authorization", "Bearer " + token);
    }
    return builder.build();
  }
}
