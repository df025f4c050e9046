package dev.hopscope.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.model.TraceId;
import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.AuthConfig;
import dev.hopscope.server.config.ServerConfig;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS from PEM files on every listener: the OTel SDK exporters (gRPC and HTTP) connect with the
 * test CA and a token, a client trusting another CA is refused, and the APIs answer over HTTPS.
 */
class TlsIT {
  @TempDir static Path dir;
  private static TestCertificates certificates;
  private static TestCertificates otherCa;
  private static HopscopeServer server;

  @BeforeAll
  static void start() {
    certificates = TestCertificates.make(dir, "hopscope");
    otherCa = TestCertificates.make(dir, "other");
    Path tokens = SecuredServer.tokens().writeTo(dir.resolve("tokens.yaml"));
    server =
        HopscopeServer.start(
            ServerConfig.forTests(dir.resolve("data"))
                .withAuth(
                    AuthConfig.none()
                        .withTokensFile(tokens)
                        .withTls(certificates.serverCert(), certificates.serverKey())));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theSdkExportersConnectWithTheTestCaAndAToken() {
    for (String transport : new String[] {"grpc", "http"}) {
      String traceId = export(exporter(transport, certificates.caBytes(), "a-writer"));
      assertThat(server.store().trace(SecuredServer.A, TraceId.fromHex(traceId)))
          .as(transport)
          .isPresent();
    }
  }

  @Test
  void aClientThatTrustsAnotherCaOrSpeaksPlainTextIsRefused() {
    for (String transport : new String[] {"grpc", "http"}) {
      assertThatThrownBy(() -> export(exporter(transport, otherCa.caBytes(), "a-writer")))
          .as(transport)
          .isInstanceOf(AssertionError.class);
    }
    HttpClient plain = HttpClient.newHttpClient();
    assertThatThrownBy(
            () ->
                plain.send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.httpPort() + "/health"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(java.io.IOException.class);
  }

  @Test
  void theApisAnswerOverHttpsWithTheTokensTenant() throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry(
        "ca",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(certificates.caBytes())));
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    HttpClient client = HttpClient.newBuilder().sslContext(context).build();
    assertThat(server.uiAddress()).startsWith("https://");
    HttpResponse<String> answer =
        client.send(
            HttpRequest.newBuilder(URI.create(server.uiAddress() + "api/services"))
                .header("Authorization", "Bearer a-reader")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    HttpResponse<String> signIn =
        client.send(
            HttpRequest.newBuilder(URI.create(server.uiAddress() + "auth/session"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=a-reader"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(signIn.headers().firstValue("Set-Cookie").orElseThrow().toLowerCase())
        .as("the session cookie is Secure under TLS")
        .contains("secure");
  }

  private static SpanExporter exporter(String transport, byte[] ca, String token) {
    if (transport.equals("grpc")) {
      return OtlpGrpcSpanExporter.builder()
          .setEndpoint("https://127.0.0.1:" + server.otlpGrpcPort())
          .setTrustedCertificates(ca)
          .addHeader("Authorization", "Bearer " + token)
          .build();
    }
    return OtlpHttpSpanExporter.builder()
        .setEndpoint("https://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces")
        .setTrustedCertificates(ca)
        .addHeader("Authorization", "Bearer " + token)
        .build();
  }

  private static String export(SpanExporter exporter) {
    return dev.hopscope.server.ingest.SdkExport.oneSpan(exporter, "tls-it");
  }
}
