package dev.hopscope.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads every acknowledged trace back by id through {@code GET /api/traces/{id}}. */
public final class AckVerifier {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What reading back found.
   *
   * @param examples up to ten lost spans as {@code traceId/spanId}
   */
  public record Result(long checkedSpans, long lostSpans, List<String> examples) {}

  private AckVerifier() {}

  public static Result verify(String api, List<AckLedger.Trace> traces)
      throws IOException, InterruptedException {
    long checked = 0;
    long lost = 0;
    List<String> examples = new ArrayList<>();
    try (HttpClient client = HttpClient.newHttpClient()) {
      for (AckLedger.Trace trace : traces) {
        Set<String> found = spanIds(client, api, trace.traceId());
        for (String spanId : trace.spanIds()) {
          checked++;
          if (!found.contains(spanId)) {
            lost++;
            if (examples.size() < 10) {
              examples.add(trace.traceId() + "/" + spanId);
            }
          }
        }
      }
    }
    return new Result(checked, lost, examples);
  }

  private static Set<String> spanIds(HttpClient client, String api, String traceId)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(api + "/api/traces/" + traceId))
            .timeout(Duration.ofSeconds(30))
            .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    Set<String> ids = new HashSet<>();
    if (response.statusCode() == 404) {
      return ids;
    }
    if (response.statusCode() != 200) {
      throw new IOException(
          "GET /api/traces/"
              + traceId
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
    for (JsonNode span : JSON.readTree(response.body()).path("spans")) {
      ids.add(span.path("spanId").asText());
    }
    return ids;
  }
}
