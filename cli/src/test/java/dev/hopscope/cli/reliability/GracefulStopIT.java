package dev.hopscope.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.cli.ServerJarUnderTest;
import dev.hopscope.process.ChildServer;
import dev.hopscope.store.testing.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM as an orchestrator sends it: the request in flight is answered, the process exits 0
 * within the grace period and says so, and what it acknowledged is there after a restart.
 */
class GracefulStopIT {
  private static final String TRACE_ID = "6b8efff798038103d269b633813fc60c";

  @TempDir Path work;

  @Test
  void sigtermAnswersTheRequestInFlightThenExitsZero() throws Exception {
    Path data = work.resolve("data");
    long start = System.currentTimeMillis() * 1_000_000L;
    byte[] body =
        ("{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
                + "{\"stringValue\":\"webapp\"}}]},\"scopeSpans\":[{\"spans\":[{\"traceId\":\""
                + TRACE_ID
                + "\",\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"GET /stop\",\"kind\":2,"
                + "\"startTimeUnixNano\":\""
                + start
                + "\",\"endTimeUnixNano\":\""
                + (start + 5_000_000)
                + "\"}]}]}]}")
            .getBytes(StandardCharsets.UTF_8);
    ChildServer server =
        ChildServer.start(ServerJarUnderTest.locate(), data, List.of(), List.of(), Map.of());
    URI otlp = URI.create(server.otlpHttp());
    try (Socket socket = new Socket(otlp.getHost(), otlp.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, body.length / 2);
      out.flush();

      server.terminate();
      Await.until(
          "the server to begin its stop",
          Duration.ofSeconds(30),
          () -> logContains(server, "hopscope: stopping"),
          () ->
              (server.isAlive() ? "running" : "exited")
                  + "; the server's output:\n"
                  + output(server));

      out.write(body, body.length / 2, body.length - body.length / 2);
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      assertThat(in.readLine()).as("the in-flight request's answer").startsWith("HTTP/1.1 200");
    }
    assertThat(server.exitCode(Duration.ofSeconds(60))).isZero();
    assertThat(Files.readString(server.log())).contains("hopscope: stopped in");

    try (ChildServer again =
            ChildServer.start(ServerJarUnderTest.locate(), data, List.of(), List.of(), Map.of());
        HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> trace =
          http.send(
              HttpRequest.newBuilder(URI.create(again.api() + "/api/traces/" + TRACE_ID)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(trace.statusCode()).isEqualTo(200);
      assertThat(trace.body()).contains("GET /stop");
    }
  }

  @Test
  void aSecondSigtermWhileStoppingExitsAtOnce() throws Exception {
    ChildServer server =
        ChildServer.start(
            ServerJarUnderTest.locate(), work.resolve("data"), List.of(), List.of(), Map.of());
    URI otlp = URI.create(server.otlpHttp());
    try (Socket socket = new Socket(otlp.getHost(), otlp.getPort())) {
      // A request that never completes holds the graceful stop for its whole 20 s grace.
      socket
          .getOutputStream()
          .write(
              ("POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
                      + "\r\nContent-Length: 1000\r\n\r\n{")
                  .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      server.terminate();
      Await.until(
          "the server to begin its stop",
          Duration.ofSeconds(30),
          () -> logContains(server, "hopscope: stopping"),
          () -> output(server));
      long second = System.nanoTime();
      server.terminate();
      assertThat(server.exitCode(Duration.ofSeconds(15))).isEqualTo(130);
      assertThat(Duration.ofNanos(System.nanoTime() - second))
          .as("exited well before the 20 s grace ran out")
          .isLessThan(Duration.ofSeconds(15));
      assertThat(output(server)).contains("second stop signal, exiting now");
    }
  }

  private static boolean logContains(ChildServer server, String text) {
    return output(server).contains(text);
  }

  private static String output(ChildServer server) {
    try {
      return Files.readString(server.log());
    } catch (java.io.IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
