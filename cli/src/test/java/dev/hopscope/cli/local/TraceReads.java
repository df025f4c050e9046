package dev.hopscope.cli.local;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * One trace read through the Tempo, Jaeger and Zipkin APIs as their clients read it: the span ids
 * each answer holds, in hex, duplicates kept (a span answered twice must show as twice).
 */
final class TraceReads {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** {@code GET /tempo/api/traces/{id}}: ids are base64, as protobuf's JSON mapping writes them. */
  List<String> tempo(String api, String traceId) throws IOException, InterruptedException {
    HttpResponse<String> answer = get(api + "/tempo/api/traces/" + traceId);
    List<String> ids = new ArrayList<>();
    if (answer.statusCode() == 404) {
      return ids;
    }
    expectOk(answer, "Tempo");
    JsonObject body = new JsonObject(answer.body());
    JsonArray batches =
        body.containsKey("batches")
            ? body.getJsonArray("batches")
            : body.getJsonObject("trace").getJsonArray("resourceSpans");
    for (Object resource : batches) {
      for (Object scope : ((JsonObject) resource).getJsonArray("scopeSpans")) {
        for (Object span : ((JsonObject) scope).getJsonArray("spans")) {
          byte[] id = Base64.getDecoder().decode(((JsonObject) span).getString("spanId"));
          ids.add(HexFormat.of().formatHex(id));
        }
      }
    }
    return ids;
  }

  /** {@code GET /jaeger/api/traces/{id}} (Jaeger's UI's API). */
  List<String> jaeger(String api, String traceId) throws IOException, InterruptedException {
    HttpResponse<String> answer = get(api + "/jaeger/api/traces/" + traceId);
    List<String> ids = new ArrayList<>();
    if (answer.statusCode() == 404) {
      return ids;
    }
    expectOk(answer, "Jaeger");
    for (Object trace : new JsonObject(answer.body()).getJsonArray("data")) {
      for (Object span : ((JsonObject) trace).getJsonArray("spans")) {
        ids.add(((JsonObject) span).getString("spanID"));
      }
    }
    return ids;
  }

  /** {@code GET /api/v2/trace/{id}} on the Zipkin port. */
  List<String> zipkin(String zipkinApi, String traceId) throws IOException, InterruptedException {
    HttpResponse<String> answer = get(zipkinApi + "/api/v2/trace/" + traceId);
    List<String> ids = new ArrayList<>();
    if (answer.statusCode() == 404) {
      return ids;
    }
    expectOk(answer, "Zipkin");
    for (Object span : new JsonArray(answer.body())) {
      ids.add(((JsonObject) span).getString("id"));
    }
    return ids;
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void expectOk(HttpResponse<String> answer, String api) throws IOException {
    if (answer.statusCode() != 200) {
      throw new IOException(
          api + " answered " + answer.statusCode() + " for " + answer.uri() + ": " + answer.body());
    }
  }
}
