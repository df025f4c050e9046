package dev.hopscope.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ClusterConfig;
import dev.hopscope.server.config.CompactorConfig;
import dev.hopscope.store.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code --role compactor} as servers on one bucket (s3proxy): one holds the lease and says so on
 * /metrics, the other stands by, reads are refused naming the role, and when the active one stops
 * the standby takes over without waiting for the term to run out. Merging itself is CompactorIT's
 * (cluster), with a clock the test moves.
 */
class CompactorRoleIT extends ClusterTests {
  private final HttpClient http = HttpClient.newHttpClient();

  private static HopscopeServer compactor(String name) throws IOException {
    CompactorConfig fast =
        new CompactorConfig(
            Duration.ofMillis(200),
            Duration.ofMinutes(1),
            Duration.ofHours(1),
            Duration.ofMinutes(5),
            Map.of());
    return start(
        name,
        new ClusterConfig(
            ClusterConfig.Role.COMPACTOR,
            Optional.empty(),
            Duration.ofHours(1),
            Optional.of(bucket()),
            Duration.ofSeconds(30),
            fast));
  }

  @Test
  void oneCompactorIsActiveTheOtherStandsByAndTakesOverWhenItStops() throws Exception {
    HopscopeServer first = compactor("first");
    Await.until(
        "the first compactor to hold the lease",
        Duration.ofSeconds(30),
        () -> leaseHeld(first) == 1,
        () -> metrics(first));
    HopscopeServer second = compactor("second");
    Await.until(
        "the second compactor's first cycle",
        Duration.ofSeconds(30),
        () ->
            metrics(second).contains("hopscope_compactor_visible_blocks -1.0")
                && leaseHeld(second) == 0);
    assertThat(metrics(first))
        .contains("hopscope_compactor_blocks_merged 0.0")
        .contains("hopscope_compactor_blocks_deleted{reason=\"expired\"} 0.0")
        .contains("hopscope_compactor_blocks_deleted{reason=\"replaced\"} 0.0");
    HttpResponse<String> read = get(second.httpPort(), "/api/services");
    assertThat(read.statusCode()).isEqualTo(501);
    assertThat(read.body()).contains("compactor role");

    first.close();
    // Released on close: the standby takes the next term at its next cycle, not in a minute.
    Await.until(
        "the standby to take over",
        Duration.ofSeconds(20),
        () -> leaseHeld(second) == 1,
        () -> metrics(second));
  }

  private int leaseHeld(HopscopeServer server) {
    String metrics = metrics(server);
    if (metrics.contains("hopscope_compactor_lease_held 1.0")) {
      return 1;
    }
    return metrics.contains("hopscope_compactor_lease_held 0.0") ? 0 : -1;
  }

  private String metrics(HopscopeServer server) {
    try {
      return get(server.httpPort(), "/metrics").body();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
