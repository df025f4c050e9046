package dev.hopscope.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The lines as {@code ServeCommand.printAddresses} prints them for each kind of role;
 * ServeAddressesIT in the server checks the same parser against the real jar's output.
 */
class ServeAddressesTest {
  private static final List<String> ALL =
      List.of(
          "hopscope: replayed 0 WAL records in 3 ms",
          "Hopscope is running (store: embedded in /tmp/data)",
          "  UI and APIs   http://127.0.0.1:41001/",
          "  OTLP/gRPC     127.0.0.1:41002",
          "  OTLP/HTTP     http://127.0.0.1:41003/v1/traces",
          "  Zipkin v2     http://127.0.0.1:41004/api/v2/spans",
          "  Grafana       Tempo data source http://127.0.0.1:41001/tempo, Jaeger data source"
              + " http://127.0.0.1:41001/jaeger",
          "  Jaeger UI     API at http://127.0.0.1:41001/jaeger/api (--jaeger-ui DIR hosts its"
              + " pages)",
          "  Zipkin Lens   point its API at http://127.0.0.1:41004 (docs/compatibility.md)");

  @Test
  void aSingleProcessServerGivesEveryListener() throws IOException {
    ServeAddresses addresses = ServeAddresses.parse(ALL, true);

    assertThat(addresses.api()).isEqualTo("http://127.0.0.1:41001");
    assertThat(addresses.zipkinApi()).contains("http://127.0.0.1:41004");
    assertThat(addresses.receivers())
        .contains(
            new ServeAddresses.Receivers(
                "http://127.0.0.1:41003", "127.0.0.1:41002", "http://127.0.0.1:41004"));
  }

  @Test
  void aDistributorHasMetricsAndReceiversButNoZipkinApi() throws IOException {
    List<String> distributor =
        List.of(
            "Hopscope is running as distributor (Kafka 127.0.0.1:9092, topic spans)",
            "  /metrics      http://127.0.0.1:42001/",
            "  OTLP/gRPC     127.0.0.1:42002",
            "  OTLP/HTTP     http://127.0.0.1:42003/v1/traces",
            "  Zipkin v2     http://127.0.0.1:42004/api/v2/spans");

    ServeAddresses addresses = ServeAddresses.parse(distributor, true);

    assertThat(addresses.api()).isEqualTo("http://127.0.0.1:42001");
    assertThat(addresses.zipkinApi()).isEmpty();
    assertThat(addresses.receivers().map(ServeAddresses.Receivers::otlpGrpc))
        .contains("127.0.0.1:42002");
  }

  @Test
  void aRoleThatTakesNoSpansIsNotAskedForReceivers() throws IOException {
    List<String> querier =
        List.of(
            "Hopscope is running as querier (bucket spans)",
            "  UI and APIs   http://127.0.0.1:43001/",
            "  Zipkin Lens   point its API at http://127.0.0.1:43004 (docs/compatibility.md)");

    ServeAddresses addresses = ServeAddresses.parse(querier, false);

    assertThat(addresses.receivers()).isEmpty();
    assertThat(addresses.zipkinApi()).contains("http://127.0.0.1:43004");
  }

  @Test
  void aListenerWithTlsKeepsItsScheme() throws IOException {
    List<String> tls =
        ALL.stream()
            .map(line -> line.contains("OTLP/HTTP") ? line.replace("http://", "https://") : line)
            .toList();

    assertThat(ServeAddresses.parse(tls, true).receivers().map(r -> r.otlpHttp()))
        .isEqualTo(Optional.of("https://127.0.0.1:41003"));
  }

  @Test
  void aMissingLineIsNamed() {
    List<String> noZipkin = ALL.stream().filter(line -> !line.contains("Zipkin v2")).toList();

    assertThatThrownBy(() -> ServeAddresses.parse(noZipkin, true))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Zipkin v2");
  }
}
