package dev.hopscope.server.api.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.server.config.Setting;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jaeger UI hosted under {@code /jaeger/} as jaeger-query hosts it with a base path: a build laid
 * out like jaeger-ui's release (index.html with the host-filled base tag and an inline config
 * script, hashed bundles under static/), its deep links, and Jaeger links without a build.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JaegerUiHostIT {
  private static final String PAGE =
      """
      <!doctype html>
      <html lang="en">
        <head>
          <base href="/" data-inject-target="BASE_URL" />
          <link rel="shortcut icon" href="./favicon.ico" />
          <title>Jaeger UI</title>
          <script>
            function getJaegerUiConfig() {
              const DEFAULT_CONFIG = null;
              const JAEGER_CONFIG = DEFAULT_CONFIG;
              return JAEGER_CONFIG;
            }
          </script>
          <script type="module" crossorigin src="./static/index-4f1c2a.js"></script>
        </head>
        <body><div id="jaeger-ui-root"></div></body>
      </html>
      """;

  @TempDir static Path dir;
  private HopscopeServer hosting;
  private HopscopeServer plain;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    Path build = Files.createDirectories(dir.resolve("jaeger-ui"));
    Files.writeString(build.resolve("index.html"), PAGE);
    Files.write(build.resolve("favicon.ico"), new byte[] {0, 0, 1, 0});
    Files.createDirectories(build.resolve("static"));
    Files.writeString(build.resolve("static/index-4f1c2a.js"), "console.log('jaeger');");
    Files.writeString(dir.resolve("secret.txt"), "not for the web");
    hosting =
        HopscopeServer.start(
            ServerConfig.forTests(
                dir.resolve("data-a"), Map.of(Setting.JAEGER_UI, build.toString())));
    plain = HopscopeServer.start(ServerConfig.forTests(dir.resolve("data-b")));
  }

  @AfterAll
  void stop() {
    hosting.close();
    plain.close();
  }

  private HttpResponse<String> get(HopscopeServer server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void assertPage(String path) throws Exception {
    HttpResponse<String> answer = get(hosting, path);
    assertThat(answer.statusCode()).as(path).isEqualTo(200);
    assertThat(answer.headers().firstValue("content-type").orElse("")).startsWith("text/html");
    assertThat(answer.body())
        .as(path)
        .contains("<base href=\"/jaeger/\" data-inject-target=\"BASE_URL\" />")
        // The Monitor tab is on: Jaeger's metrics API answers from the stored spans.
        .contains("const JAEGER_CONFIG = {\"monitor\":{\"menuEnabled\":true}};")
        .contains("<title>Jaeger UI</title>");
    // The page's inline configuration script must run: no policy of ours forbids it.
    assertThat(answer.headers().firstValue("content-security-policy")).isEmpty();
  }

  @Test
  void everyClientRouteIsThePageWithItsBaseAtJaeger() throws Exception {
    assertPage("/jaeger/");
    assertPage("/jaeger/search?service=webapp&limit=20");
    assertPage("/jaeger/trace/4bf92f3577b34da6a3ce929d0e0e4736?uiFind=00f067aa0ba902b7");
    assertPage("/jaeger/dependencies");
    assertPage("/jaeger/index.html");
    HttpResponse<String> bare = get(hosting, "/jaeger");
    assertThat(bare.statusCode()).isEqualTo(302);
    assertThat(bare.headers().firstValue("location")).hasValue("/jaeger/");
  }

  @Test
  void aDeepLinksRelativeBundleAddressGetsThePageAsJaegerAnswersIt() throws Exception {
    assertPage("/jaeger/trace/static/index-4f1c2a.js");
    assertPage("/jaeger/trace/4bf92f3577b34da6a3ce929d0e0e4736/static/index-4f1c2a.js");
  }

  @Test
  void bundlesAreFilesAndAMissingOneIsA404() throws Exception {
    HttpResponse<String> bundle = get(hosting, "/jaeger/static/index-4f1c2a.js");
    assertThat(bundle.statusCode()).isEqualTo(200);
    assertThat(bundle.headers().firstValue("content-type").orElse("")).contains("javascript");
    assertThat(bundle.body()).isEqualTo("console.log('jaeger');");
    HttpResponse<String> stale = get(hosting, "/jaeger/static/index-0ld.js");
    assertThat(stale.statusCode()).isEqualTo(404);
    assertThat(stale.body()).contains("/jaeger/static/index-0ld.js", "reload");
    assertThat(get(hosting, "/jaeger/favicon.ico").statusCode()).isEqualTo(200);
    // Nothing outside the build: the path is normalised before it reaches the files.
    HttpResponse<String> escape = get(hosting, "/jaeger/static/%2e%2e/%2e%2e/secret.txt");
    assertThat(escape.body()).doesNotContain("not for the web");
  }

  @Test
  void theApisAndHopscopesOwnUiAreUntouched() throws Exception {
    HttpResponse<String> services = get(hosting, "/jaeger/api/services");
    assertThat(services.statusCode()).isEqualTo(200);
    assertThat(services.body()).startsWith("{\"data\":");
    assertThat(get(hosting, "/jaeger/api/nothing").statusCode()).isEqualTo(404);
    HttpResponse<String> ours = get(hosting, "/search");
    assertThat(ours.statusCode()).isEqualTo(200);
    assertThat(ours.headers().firstValue("content-security-policy").orElse(""))
        .contains("script-src 'self'");
  }

  @Test
  void withoutABuildJaegerLinksOpenHopscopesPages() throws Exception {
    HttpResponse<String> trace = get(plain, "/jaeger/trace/4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(trace.statusCode()).isEqualTo(302);
    assertThat(trace.headers().firstValue("location"))
        .hasValue("/trace/4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(get(plain, "/jaeger/search?service=webapp").headers().firstValue("location"))
        .hasValue("/search");
    assertThat(get(plain, "/jaeger/trace/not-an-id").statusCode()).isEqualTo(404);
    assertThat(get(plain, "/jaeger/static/index-4f1c2a.js").statusCode()).isEqualTo(404);
  }
}
