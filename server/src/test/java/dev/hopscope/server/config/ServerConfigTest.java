package dev.hopscope.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
  @TempDir Path dir;

  private static ServerConfig from(Map<Setting, String> flags, Map<String, String> env) {
    return ServerConfig.from(ConfigSources.of(flags, env, null));
  }

  @Test
  void aFlagWinsOverTheEnvironmentWhichWinsOverTheDefault() {
    assertThat(from(Map.of(), Map.of()).httpPort()).isEqualTo(16686);
    assertThat(from(Map.of(), Map.of("HOPSCOPE_PORTS_HTTP", "8080")).httpPort()).isEqualTo(8080);
    assertThat(
            from(Map.of(Setting.HTTP_PORT, "9090"), Map.of("HOPSCOPE_PORTS_HTTP", "8080"))
                .httpPort())
        .isEqualTo(9090);
  }

  @Test
  void noJaegerUiByDefault() {
    assertThat(from(Map.of(), Map.of()).jaegerUi()).isEmpty();
  }

  @Test
  void aJaegerUiBuildIsADirectoryWithItsPage() throws Exception {
    Files.writeString(dir.resolve("index.html"), "<base href=\"/\">");
    assertThat(from(Map.of(), Map.of("HOPSCOPE_JAEGER_UI", dir.toString())).jaegerUi())
        .hasValue(dir.toAbsolutePath().normalize());
  }

  @Test
  void aJaegerUiDirectoryWithoutAPageIsRefusedAtStartNamingTheFileAndTheFix() {
    Path empty = dir.resolve("nothing-here");
    assertThatThrownBy(() -> from(Map.of(Setting.JAEGER_UI, empty.toString()), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jaegerUi = \"" + empty + "\"")
        .hasMessageContaining(empty.resolve("index.html").toString())
        .hasMessageContaining("Jaeger UI build");
  }

  @Test
  void minInsyncReplicasDefaultsToTwoOfThreeAndCannotExceedTheReplicas() {
    Map<String, String> distributor =
        Map.of(
            "HOPSCOPE_ROLE", "distributor",
            "HOPSCOPE_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092",
            "HOPSCOPE_KAFKA_REPLICATION_FACTOR", "3");
    assertThat(from(Map.of(), distributor).cluster().kafka().orElseThrow().minInsyncReplicas())
        .isEqualTo(2);
    assertThat(
            from(Map.of(Setting.KAFKA_MIN_INSYNC_REPLICAS, "3"), distributor)
                .cluster()
                .kafka()
                .orElseThrow()
                .minInsyncReplicas())
        .isEqualTo(3);
    assertThat(
            from(Map.of(Setting.KAFKA_REPLICATION_FACTOR, "1"), distributor)
                .cluster()
                .kafka()
                .orElseThrow()
                .minInsyncReplicas())
        .as("one replica can only ever be one in sync")
        .isEqualTo(1);
    assertThatThrownBy(() -> from(Map.of(Setting.KAFKA_MIN_INSYNC_REPLICAS, "4"), distributor))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kafka.minInsyncReplicas = \"4\"")
        .hasMessageContaining("at most kafka.replicationFactor (3)");
  }

  @Test
  void aQuerierReadsTheLiveStoresListedInQuerierLiveStores() {
    Map<String, String> env =
        Map.of(
            "HOPSCOPE_ROLE",
            "querier",
            "HOPSCOPE_QUERIER_LIVE_STORES",
            " live-1:16686, 10.0.0.7:16687 ,,[::1]:16688");
    assertThat(from(Map.of(), env).cluster().liveStores())
        .containsExactly("live-1:16686", "10.0.0.7:16687", "[::1]:16688");
    assertThat(from(Map.of(Setting.ROLE, "querier"), Map.of()).cluster().liveStores()).isEmpty();
  }

  @Test
  void aLiveStoreAddressWithoutAPortIsRefusedAtStartNamingItAndTheFix() {
    assertThatThrownBy(
            () ->
                from(
                    Map.of(
                        Setting.ROLE,
                        "querier",
                        Setting.QUERIER_LIVE_STORES,
                        "live-1:16686,live-2"),
                    Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("querier.liveStores")
        .hasMessageContaining("\"live-2\"")
        .hasMessageContaining("host:port")
        .hasMessageContaining("ports.http");
  }
}
