package dev.hopscope.server.ingest;

import dev.hopscope.server.HopscopeServer;
import dev.hopscope.store.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server's {@code /metrics} as the tests read it: the text, one gauge, a bounded wait. */
final class ServerMetricsText {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern INFLIGHT = Pattern.compile("(?m)^hopscope_inflight_bytes (\\S+)$");

  private ServerMetricsText() {}

  static String scrape(HopscopeServer server) {
    URI metrics = URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics");
    try {
      return HTTP.send(
              HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + metrics, e);
    }
  }

  /** Request bytes the server holds in flight now, from {@code hopscope_inflight_bytes}. */
  static long inflightBytes(HopscopeServer server) {
    Matcher matcher = INFLIGHT.matcher(scrape(server));
    if (!matcher.find()) {
      throw new AssertionError("no hopscope_inflight_bytes in /metrics");
    }
    return (long) Double.parseDouble(matcher.group(1));
  }

  /** Waits (bounded) until a request's bytes are held in flight: it has reached the store. */
  static void awaitInflight(HopscopeServer server) {
    Await.until(
        "a request to be in flight (hopscope_inflight_bytes > 0)",
        Duration.ofSeconds(30),
        () -> inflightBytes(server) > 0);
  }
}
