package dev.hopscope.bench.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads one gauge, summed over its label sets, from a Prometheus text exposition. */
final class PrometheusText {
  private final String text;

  private PrometheusText(String text) {
    this.text = text;
  }

  static PrometheusText scrape(HttpClient client, URI metrics)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(metrics + " answered " + response.statusCode());
    }
    return new PrometheusText(response.body());
  }

  /** The sum of every sample named {@code name} (any labels); 0 when there is none. */
  double sum(String name) {
    double total = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith(name) && line.length() > name.length()) {
        char next = line.charAt(name.length());
        if (next == '{' || next == ' ') {
          total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    }
    return total;
  }
}
