package dev.hopscope.demo.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Readiness checks for the shop's services, and free loopback ports to start them on. */
public final class Readiness {
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(1);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(CHECK_TIMEOUT).build();

  /**
   * W3C trace context with the sampled flag off. Probes are not user traffic: without it auth's
   * agent traces every poll, and its first (a cold JVM's) was among the slowest traces of the demo.
   */
  private static final String NOT_SAMPLED =
      "00-6865616c74682d70726f62652d303031-6865616c74682d31-00";

  private Readiness() {}

  /** Ready when {@code GET health} answers 200. */
  public static BooleanSupplier http(URI health) {
    return () -> {
      try {
        HttpRequest request =
            HttpRequest.newBuilder(health)
                .timeout(CHECK_TIMEOUT)
                .header("traceparent", NOT_SAMPLED)
                .GET()
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    };
  }

  /** Ready when a TCP connection to 127.0.0.1:{@code port} is accepted. */
  public static BooleanSupplier tcp(int port) {
    return () -> {
      try (Socket socket = new Socket()) {
        socket.connect(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
            (int) CHECK_TIMEOUT.toMillis());
        return true;
      } catch (IOException e) {
        return false;
      }
    };
  }

  /**
   * A loopback port that was free a moment ago. Another process could take it before the child
   * binds it; the child then fails to start and the launcher reports it, which beats children
   * having to report their ports back.
   */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
