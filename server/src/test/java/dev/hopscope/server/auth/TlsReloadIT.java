package dev.hopscope.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.TraceId;
import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.server.config.Setting;
import dev.hopscope.server.ingest.SdkExport;
import dev.hopscope.store.testing.Await;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renewing the certificate files while the server runs, as cert-manager or a cron job does: new
 * connections get the new certificate without a restart, connections opened before keep working,
 * and a broken replacement keeps the certificate in use and is counted.
 */
class TlsReloadIT {
  private static final Duration RELOADED_WITHIN = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void renewedFilesReachNewConnectionsOldOnesKeepWorkingABrokenRenewalIsRefused() throws Exception {
    TestCertificates ca = TestCertificates.make(dir, "ca");
    TestCertificates.Issued first = ca.server("first", "first.hopscope.test");
    TestCertificates.Issued second = ca.server("second", "second.hopscope.test");
    Path cert = dir.resolve("served.pem");
    Path key = dir.resolve("served.key");
    replace(first.cert(), cert);
    replace(first.key(), key);
    try (HopscopeServer server =
        HopscopeServer.start(
            ServerConfig.forTests(
                dir.resolve("data"),
                Map.of(
                    Setting.TLS_CERT_FILE, cert.toString(),
                    Setting.TLS_KEY_FILE, key.toString())))) {
      SSLContext client = TlsProbe.context(ca.caBytes(), null);
      int[] ports = {
        server.otlpGrpcPort(), server.otlpHttpPort(), server.zipkinPort(), server.httpPort()
      };
      for (int port : ports) {
        assertThat(TlsProbe.presentedSubject(client, port)).isEqualTo("CN=first.hopscope.test");
      }
      try (SSLSocket before = TlsProbe.connect(client, server.httpPort())) {
        assertThat(TlsProbe.request(before, "GET", "/health")).endsWith("200 OK");

        // Renewal, written as it should be: each file to a temporary name, then renamed.
        replace(second.cert(), cert);
        replace(second.key(), key);
        for (int port : ports) {
          Await.until(
              "port " + port + " to present the renewed certificate",
              RELOADED_WITHIN,
              () -> TlsProbe.presentedSubject(client, port).equals("CN=second.hopscope.test"),
              () -> TlsProbe.presentedSubject(client, port));
        }
        assertThat(TlsProbe.request(before, "GET", "/health"))
            .as("a connection opened before the renewal still answers")
            .endsWith("200 OK");
        assertThat(
                ((X509Certificate) before.getSession().getPeerCertificates()[0])
                    .getSubjectX500Principal()
                    .getName())
            .as("on the certificate it was opened with")
            .isEqualTo("CN=first.hopscope.test");
      }
      for (String listener : new String[] {"otlpGrpc", "otlpHttp", "zipkin", "http"}) {
        assertThat(reloads(server, listener, "reloaded")).as(listener).isEqualTo(1);
      }
      for (String transport : new String[] {"grpc", "http"}) {
        String traceId = SdkExport.oneSpan(exporter(server, transport, ca), "reload-it");
        assertThat(server.store().trace("single-tenant", TraceId.fromHex(traceId)))
            .as(transport + " exports over the renewed certificate")
            .isPresent();
      }

      // A broken renewal: the first certificate with the second's key. Refused, counted, logged;
      // the second certificate stays in use.
      replace(first.cert(), cert);
      Await.until(
          "the broken renewal to be refused on every listener",
          RELOADED_WITHIN,
          () -> {
            for (String listener : new String[] {"otlpGrpc", "otlpHttp", "zipkin", "http"}) {
              if (reloads(server, listener, "failed") < 1) {
                return false;
              }
            }
            return true;
          },
          () -> TlsProbe.metricLines(server, "hopscope_tls_reloads_total").toString());
      for (int port : ports) {
        assertThat(TlsProbe.presentedSubject(client, port)).isEqualTo("CN=second.hopscope.test");
      }
      assertThat(TlsProbe.metricLines(server, "hopscope_tls_certificate_expiry_timestamp_seconds"))
          .hasSize(4);
    }
  }

  private static double reloads(HopscopeServer server, String listener, String outcome) {
    return TlsProbe.metric(
        server,
        "hopscope_tls_reloads_total{listener=\"" + listener + "\",outcome=\"" + outcome + "\"}");
  }

  /** Replaces {@code target} atomically, as a careful renewal does. */
  private static void replace(Path source, Path target) throws Exception {
    Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
    Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
    Files.move(
        temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static SpanExporter exporter(
      HopscopeServer server, String transport, TestCertificates ca) {
    if (transport.equals("grpc")) {
      return OtlpGrpcSpanExporter.builder()
          .setEndpoint("https://127.0.0.1:" + server.otlpGrpcPort())
          .setTrustedCertificates(ca.caBytes())
          .build();
    }
    return OtlpHttpSpanExporter.builder()
        .setEndpoint("https://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces")
        .setTrustedCertificates(ca.caBytes())
        .build();
  }
}
