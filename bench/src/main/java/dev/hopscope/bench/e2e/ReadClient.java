package dev.hopscope.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Timed GETs of JSON answers on one HTTP/1.1 connection. */
final class ReadClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  record Answer(int status, @Nullable JsonNode json, long nanos, @Nullable String text) {}

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** Times the request and reading the whole body, not the JSON parse. */
  Answer get(URI uri) throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(120))
            .header("Accept", "application/json")
            .build();
    long start = System.nanoTime();
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      return new Answer(-1, null, System.nanoTime() - start, e.toString());
    }
    long nanos = System.nanoTime() - start;
    @Nullable JsonNode json = null;
    @Nullable String text = null;
    if (response.statusCode() == 200) {
      try {
        json = JSON.readTree(response.body());
      } catch (IOException e) {
        text = "not JSON: " + e.getMessage();
      }
    } else {
      text = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
    }
    return new Answer(response.statusCode(), json, nanos, text);
  }

  @Override
  public void close() {
    client.close();
  }
}
