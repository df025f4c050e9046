package dev.hopscope.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hopscope.process.Cpus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness, not the speed: a few seconds of paced load against a child server built by this
 * reactor, then every acknowledged span must read back and the JSON must carry every field.
 */
class BenchmarkHarnessIT {
  static final List<String> RUN_FIELDS =
      List.of(
          "system",
          "protocol",
          "connections",
          "loadSeconds",
          "spansSent",
          "spansAcknowledged",
          "tracesAcknowledged",
          "spansStored",
          "requests",
          "requestsPartial",
          "requestsThrottled",
          "requestsFailed",
          "ingestSpansPerSecond",
          "serverCpuSeconds",
          "spansPerServerCpuSecond",
          "serverThreadCpuSeconds",
          "postP50Ms",
          "postP99Ms",
          "diskBytes",
          "diskBytesPerSpan",
          "blockBytesPerSpan",
          "blockSpans",
          "headSpans",
          "peakRssBytes",
          "serverAliveAfterLoad",
          "serverAliveAtEnd",
          "verifiedTraces",
          "verifiedSpans",
          "lostSpans",
          "tracesIncomplete",
          "unverifiedSpans",
          "traceByIdP50Ms",
          "traceByIdP99Ms",
          "traceByIdMisses",
          "queries",
          "metricsQueries",
          "serviceGraphP50Ms",
          "serviceGraphP99Ms",
          "serviceGraphErrors");

  static final List<String> NON_NULL_NUMBERS =
      List.of(
          "spansAcknowledged",
          "ingestSpansPerSecond",
          "serverCpuSeconds",
          "spansPerServerCpuSecond",
          "postP50Ms",
          "postP99Ms",
          "diskBytes",
          "diskBytesPerSpan",
          "peakRssBytes",
          "traceByIdP50Ms",
          "traceByIdP99Ms",
          "serviceGraphP50Ms",
          "serviceGraphP99Ms");

  @TempDir Path temp;

  /**
   * Every metrics query answered every run, completely and with data; the rate over every span
   * counted each stored span once, in one series per service at most.
   */
  private static void assertMetricsQueries(String protocol, JsonNode run) {
    JsonNode metrics = run.get("metricsQueries");
    assertThat(metrics).hasSize(MetricsQuerySpec.ALL.size());
    for (JsonNode query : metrics) {
      String what = protocol + ": " + query;
      assertThat(query.get("errors").asInt()).as(what).isZero();
      assertThat(query.get("runs").asInt()).as(what).isEqualTo(2);
      assertThat(query.get("p50Ms").isNumber()).as(what).isTrue();
      assertThat(query.get("p99Ms").isNumber()).as(what).isTrue();
      assertThat(query.get("series").asInt()).as(what).isPositive();
      assertThat(query.get("samples").asLong()).as(what).isPositive();
      assertThat(query.get("complete").asBoolean()).as(what).isTrue();
    }
    JsonNode rate = metrics.get(0);
    assertThat(rate.get("name").asText()).isEqualTo(MetricsQuerySpec.RATE_BY_SERVICE);
    // the workload's shop has 13 services
    assertThat(rate.get("series").asInt()).as(rate.toString()).isLessThanOrEqualTo(13);
    assertThat(rate.get("spansCounted").asLong())
        .as(protocol + ": spans counted by " + rate.get("query").asText())
        .isEqualTo(run.get("spansStored").asLong());
    JsonNode scan = metrics.get(2);
    assertThat(scan.get("comparedSearch").asText())
        .isEqualTo(MetricsQuerySpec.TWO_ATTRIBUTES_SEARCH);
    assertThat(scan.get("comparedSearchP50Ms").isNumber()).as(scan.toString()).isTrue();
  }

  @Test
  void lowRateRunLosesNothingAndReportsEveryField() throws Exception {
    for (String protocol : new String[] {"http", "grpc"}) {
      Path json = temp.resolve(protocol + ".json");
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      int exit =
          BenchRun.main(
              List.of(
                  "--server-jar",
                      System.getProperty("hopscope.serverJar", "../cli/target/hopscope.jar"),
                  "--protocol", protocol,
                  "--connections", "2",
                  "--warmup", "1s",
                  "--duration", "3s",
                  "--rate", "3000",
                  "--batch-spans", "200",
                  "--lookups", "50",
                  "--query-runs", "2",
                  "--json", json.toString()),
              new PrintStream(output, true, StandardCharsets.UTF_8),
              System.err);
      String printed = output.toString(StandardCharsets.UTF_8);
      assertThat(exit).as(printed).isZero();
      assertThat(printed)
          .contains(
              "| lost spans | 0 |",
              "| spans per server CPU-second |",
              "| metrics rate by service p50 ms |",
              "| metrics answers cut short (PARTIAL) | 0 |");

      JsonNode root = ReadClient.JSON.readTree(Files.readString(json));
      assertThat(root.path("machine").path("cpus").asInt()).isPositive();
      JsonNode run = root.path("results").get(0);
      for (String field : RUN_FIELDS) {
        assertThat(run.has(field)).as(protocol + ": field " + field).isTrue();
      }
      for (String field : NON_NULL_NUMBERS) {
        assertThat(run.get(field).isNumber()).as(protocol + ": " + field + " is a number").isTrue();
      }
      assertThat(run.get("lostSpans").asLong()).isZero();
      assertThat(run.get("spansAcknowledged").asLong()).isPositive();
      assertThat(run.get("verifiedSpans").asLong()).isEqualTo(run.get("spansStored").asLong());
      assertThat(run.get("traceByIdMisses").asInt()).isZero();
      assertThat(run.get("queries")).hasSize(QuerySpec.ALL.size());
      for (JsonNode query : run.get("queries")) {
        assertThat(query.get("errors").asInt()).as(query.toString()).isZero();
        assertThat(query.get("p50Ms").isNumber()).as(query.toString()).isTrue();
      }
      assertMetricsQueries(protocol, run);
      assertThat(run.get("serviceGraphErrors").asInt()).isZero();
      assertThat(run.get("protocol").asText())
          .isEqualTo(protocol.equals("grpc") ? "otlp-grpc" : "otlp-http-protobuf");
      if (Files.isDirectory(Path.of("/proc/self/task"))) {
        // Where the server's CPU went, by thread: decoding has threads of its own to show.
        assertThat(run.path("serverThreadCpuSeconds").has("hopscope-decode")).as(printed).isTrue();
        assertThat(printed).contains("server CPU during the load by thread", "| hopscope-decode |");
      }
    }
  }

  /**
   * The comparison is one command: Hopscope fed OTLP, Hopscope fed Zipkin JSON and Zipkin's own
   * server fed the same, each pinned to one core where taskset exists, with both per-core ratios.
   */
  @Test
  void compareZipkinMeasuresBothFormatsAgainstZipkinPerCore() throws Exception {
    Path json = temp.resolve("compare.json");
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exit =
        BenchRun.main(
            List.of(
                "--server-jar",
                    System.getProperty("hopscope.serverJar", "../cli/target/hopscope.jar"),
                "--zipkin-jar",
                    System.getProperty("hopscope.zipkinJar", "target/zipkin/zipkin-server.jar"),
                "--compare", "zipkin",
                "--connections", "2",
                "--warmup", "0s",
                "--duration", "2s",
                "--rate", "2000",
                "--batch-spans", "200",
                "--lookups", "10",
                "--query-runs", "1",
                "--json", json.toString()),
            new PrintStream(output, true, StandardCharsets.UTF_8),
            System.err);
    String printed = output.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(printed).isZero();
    JsonNode root = ReadClient.JSON.readTree(Files.readString(json));
    JsonNode results = root.path("results");
    assertThat(results).hasSize(3);
    assertThat(results.get(0).get("system").asText()).isEqualTo("hopscope");
    assertThat(results.get(0).get("protocol").asText()).isEqualTo("otlp-http-protobuf");
    assertThat(results.get(1).get("system").asText()).isEqualTo("hopscope");
    assertThat(results.get(1).get("protocol").asText()).isEqualTo("zipkin-json-v2");
    assertThat(results.get(2).get("system").asText()).isEqualTo("zipkin");
    for (JsonNode run : List.of(results.get(0), results.get(1))) {
      assertThat(run.get("lostSpans").asLong()).as(run.get("protocol").asText()).isZero();
      assertThat(run.get("verifiedSpans").asLong()).isEqualTo(run.get("spansStored").asLong());
    }
    assertThat(root.path("hopscopeOverZipkin").has("spansPerServerCpuSecond")).isTrue();
    assertThat(root.path("hopscopeZipkinJsonOverZipkin").has("spansPerServerCpuSecond")).isTrue();
    assertThat(printed)
        .contains("| Hopscope fed | Hopscope spans/CPU-s |", "| otlp-http-protobuf |")
        .contains("| zipkin-json-v2 |");
    if (Cpus.tasksetAvailable()) {
      assertThat(root.path("options").path("cpus").asText()).isEqualTo("0");
      assertThat(printed).contains("each server pinned to CPUs 0");
    }
  }
}
