package dev.hopscope.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.cli.ServerJarUnderTest;
import dev.hopscope.process.ChildServer;
import dev.hopscope.process.ServeAddresses;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lines {@code hopscope serve} prints are a contract with everyone who starts it as a process
 * (ChildServer here, the bench, the local cluster): the real jar, every listener on port 0, and
 * each address {@link ServeAddresses} reads from its output answers as that listener.
 */
class ServeAddressesIT {
  @TempDir Path work;

  @Test
  void everyPrintedAddressIsTheListenerItNames() throws Exception {
    try (ChildServer server =
            ChildServer.start(
                ServerJarUnderTest.locate(), work.resolve("data"), List.of(), List.of(), Map.of());
        HttpClient client = HttpClient.newHttpClient()) {
      ServeAddresses.Receivers receivers = server.receivers().orElseThrow();
      String zipkinApi = server.zipkinApi().orElseThrow();
      URI grpc = URI.create("grpc://" + receivers.otlpGrpc());
      List<Integer> ports =
          Stream.of(server.api(), receivers.otlpHttp(), receivers.zipkin())
              .map(address -> URI.create(address).getPort())
              .collect(Collectors.toCollection(ArrayList::new));
      ports.add(grpc.getPort());

      assertThat(ports)
          .as("four listeners, each bound to a port of its own")
          .doesNotHaveDuplicates();
      assertThat(ports).allSatisfy(port -> assertThat(port).isPositive());
      assertThat(ports).doesNotContain(4317, 4318, 9411, 16686);
      assertThat(zipkinApi)
          .as("Zipkin's read API is on the Zipkin port")
          .isEqualTo(receivers.zipkin());

      assertThat(send(client, get(server.api() + "/health"))).as("/health").isEqualTo(200);
      assertThat(send(client, get(zipkinApi + "/api/v2/services")))
          .as("Zipkin's services")
          .isEqualTo(200);
      assertThat(send(client, post(receivers.otlpHttp() + "/v1/traces", "{}")))
          .as("OTLP/HTTP with no spans")
          .isEqualTo(200);
      assertThat(send(client, post(receivers.zipkin() + "/api/v2/spans", "[]")))
          .as("Zipkin v2 with no spans")
          .isEqualTo(202);
      try (Socket socket = new Socket(grpc.getHost(), grpc.getPort())) {
        assertThat(socket.isConnected()).as("OTLP/gRPC accepts connections").isTrue();
      }
    }
  }

  private static HttpRequest get(String uri) {
    return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build();
  }

  private static HttpRequest post(String uri, String json) {
    return HttpRequest.newBuilder(URI.create(uri))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private static int send(HttpClient client, HttpRequest request) throws Exception {
    return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
