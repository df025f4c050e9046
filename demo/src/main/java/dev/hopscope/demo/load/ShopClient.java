package dev.hopscope.demo.load;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Sends the simulated users' requests to the web app; one client, shared by every request. */
final class ShopClient {
  /** What {@link #send} answers when no HTTP response came (refused, reset, timed out). */
  static final int NO_RESPONSE = 0;

  private final HttpClient http;
  private final Duration timeout;

  ShopClient(Duration timeout) {
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.timeout = timeout;
  }

  /**
   * Sends {@code request} with the user's token and tier, and {@code traceparent} when not null;
   * returns the HTTP status, or {@link #NO_RESPONSE}.
   */
  int send(RequestMix.ShopRequest request, @Nullable String traceparent)
      throws InterruptedException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(request.uri())
            .timeout(timeout)
            .header("X-User-Tier", request.tier());
    if (request.token() != null) {
      builder.header("Authorization", "Bearer " + request.token());
    }
    if (traceparent != null) {
      builder.header("traceparent", traceparent);
    }
    try {
      return http.send(builder.GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return NO_RESPONSE;
    }
  }
}
