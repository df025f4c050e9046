package dev.hopscope.demo.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.hopscope.demo.time.NanoClock;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The warm-up against a real loopback HTTP server standing in for the web app. */
class WarmUpIT {
  private HttpServer server;
  private final List<String> traceparents = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          traceparents.add(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
          inFlight.decrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void sendsEveryRequestNotSampledAtMostConcurrencyAtATime() throws Exception {
    URI webapp = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    WarmUp warmUp =
        new WarmUp(
            new ShopClient(Duration.ofSeconds(10)),
            new RequestMix(webapp, 8),
            9,
            NanoClock.system());

    warmUp.run(50, 3);

    assertThat(warmUp.done()).isEqualTo(50);
    assertThat(traceparents).hasSize(50);
    // W3C trace context: version 00, 16-byte trace id, 8-byte parent id, flags 00 (not sampled).
    assertThat(traceparents).allMatch(t -> t.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00"));
    assertThat(traceparents).allMatch(t -> !t.startsWith("00-00") && !t.contains("-00000000"));
    assertThat(traceparents).doesNotHaveDuplicates();
    assertThat(mostInFlight.get()).isBetween(1, 3);
  }
}
