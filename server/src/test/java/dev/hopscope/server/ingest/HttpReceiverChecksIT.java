package dev.hopscope.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The request checks the OTLP/HTTP and Zipkin receivers share (path, method, content type, tenant),
 * each with the answer its clients read: where the two protocols differ (Zipkin takes a request
 * without Content-Type, OTLP does not; OTLP answers a bad tenant with a {@code google.rpc.Status}
 * in the request's encoding, Zipkin with plain text), the row says so. On the Zipkin port the
 * router reaches the receiver only for {@code POST /api/v2/spans}, so other paths and methods are
 * the read API's 404.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpReceiverChecksIT {
  @TempDir static Path dataDir;

  private HopscopeServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() {
    server = HopscopeServer.start(ServerConfig.forTests(dataDir));
  }

  @AfterAll
  void stop() {
    server.close();
  }

  // Columns: port, method, path, Content-Type ('-' = none), tenant ('-' = none); status, answer's
  // Content-Type prefix, a part of the answer, the reason counted under the protocol ('-' = none).
  @ParameterizedTest(name = "{0} {1} {2} {3} tenant {4}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
          otlp   | POST | /v1/trace     | application/x-protobuf | -      | 404 | text/plain             | no such endpoint /v1/trace; OTLP/HTTP traces go to POST /v1/traces | -
          otlp   | GET  | /v1/traces    | -                      | -      | 405 | text/plain             | use POST /v1/traces | -
          otlp   | POST | /v1/traces    | -                      | -      | 415 | text/plain             | ~Content-Type "null" is not supported; send application/x-protobuf or application/json~ | otlp_http_protobuf:unsupported_content_type
          otlp   | POST | /v1/traces    | Text/Plain; q=1        | -      | 415 | text/plain             | ~Content-Type "Text/Plain; q=1" is not supported~ | otlp_http_protobuf:unsupported_content_type
          otlp   | POST | /v1/traces    | application/json       | ../etc | 400 | application/json       | X-Scope-OrgID | otlp_http_json:invalid_tenant
          otlp   | POST | /v1/traces    | application/x-protobuf | ../etc | 400 | application/x-protobuf | X-Scope-OrgID | otlp_http_protobuf:invalid_tenant
          otlp   | POST | /v1/traces    | Application/JSON; charset=utf-8 | - | 200 | application/json | {}  | -
          zipkin | POST | /api/v2/span  | application/json       | -      | 404 | text/plain             | no Zipkin API at POST /api/v2/span | -
          zipkin | PUT  | /api/v2/spans | application/json       | -      | 404 | text/plain             | no Zipkin API at PUT /api/v2/spans | -
          zipkin | POST | /api/v2/spans | Text/Plain; q=1        | -      | 415 | text/plain             | ~Content-Type "text/plain" is not supported; send Zipkin v2 JSON (application/json)~ | zipkin_json:unsupported_content_type
          zipkin | POST | /api/v2/spans | application/json       | ../etc | 400 | text/plain             | X-Scope-OrgID | zipkin_json:invalid_tenant
          zipkin | POST | /api/v2/spans | -                      | -      | 202 | -                      | - | -
          """)
  void answersAsItsProtocolDoes(
      String port,
      String method,
      String path,
      String contentType,
      String tenant,
      int status,
      String answerType,
      String answerPart,
      String counted)
      throws Exception {
    int portNumber = port.equals("otlp") ? server.otlpHttpPort() : server.zipkinPort();
    // An empty batch: a valid request for both protocols, so only the checks can refuse it.
    String body =
        port.equals("zipkin")
            ? "[]"
            : contentType.toLowerCase(Locale.ROOT).contains("json") ? "{}" : "";
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portNumber + path))
            .method(method, HttpRequest.BodyPublishers.ofString(body));
    if (!contentType.equals("-")) {
      request.header("Content-Type", contentType);
    }
    if (!tenant.equals("-")) {
      request.header(Tenants.HEADER, tenant);
    }
    double before = counted.equals("-") ? 0 : rejected(counted);

    HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    if (!answerType.equals("-")) {
      assertThat(answer.headers().firstValue("content-type").orElse("")).startsWith(answerType);
    }
    if (!answerPart.equals("-")) {
      assertThat(answer.body()).contains(answerPart);
    }
    if (status == 405) {
      assertThat(answer.headers().firstValue("allow")).hasValue("POST");
    }
    if (!counted.equals("-")) {
      assertThat(rejected(counted)).as("counted as " + counted).isEqualTo(before + 1);
    }
  }

  private double rejected(String protocolAndReason) {
    String[] parts = protocolAndReason.split(":");
    Matcher matcher =
        Pattern.compile(
                "(?m)^hopscope_rejected_requests_total\\{protocol=\""
                    + parts[0]
                    + "\",reason=\""
                    + parts[1]
                    + "\"} (\\S+)$")
            .matcher(ServerMetricsText.scrape(server));
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
  }
}
