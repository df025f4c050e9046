package dev.hopscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.auth.TestCertificates;
import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.server.config.Setting;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The addresses {@code serve} prints say https exactly for the listeners that speak TLS. */
class ServeBannerTlsIT {
  @TempDir Path dir;

  @Test
  void eachAddressCarriesItsListenersScheme() {
    TestCertificates ca = TestCertificates.make(dir, "banner");
    try (HopscopeServer server =
        HopscopeServer.start(
            ServerConfig.forTests(
                dir.resolve("data"),
                Map.of(
                    Setting.TLS_OTLP_HTTP_CERT_FILE, ca.serverCert().toString(),
                    Setting.TLS_OTLP_HTTP_KEY_FILE, ca.serverKey().toString())))) {
      StringWriter text = new StringWriter();
      ServeCommand.printAddresses(new PrintWriter(text), server);
      assertThat(text.toString())
          .contains("OTLP/HTTP     https://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces")
          .contains("Zipkin v2     http://127.0.0.1:" + server.zipkinPort() + "/api/v2/spans")
          .contains("http://127.0.0.1:" + server.httpPort() + "/");
    }
  }
}
