package dev.hopscope.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads the child's heap in use from its own {@code /metrics} (the JVM memory gauge). */
final class HeapGauge {
  private static final String HEAP = "jvm_memory_used_bytes{area=\"heap\"}";

  private HeapGauge() {}

  /** Heap bytes in use, or -1 when the gauge is missing. */
  static long heapUsedBytes(HttpClient client, String api)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(api + "/metrics"))
            .timeout(Duration.ofSeconds(10))
            .build();
    String body = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
    for (String line : body.split("\n")) {
      if (line.startsWith(HEAP)) {
        return (long) Double.parseDouble(line.substring(HEAP.length()).trim().split(" ")[0]);
      }
    }
    return -1;
  }
}
