package dev.hopscope.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hopscope.process.LoggedProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A server under test, as the load, lookup and query phases see it. */
interface Target extends AutoCloseable {
  /** "hopscope" or "zipkin". */
  String name();

  /** The wire format the load is sent in: otlp-http-protobuf, otlp-grpc or zipkin-json-v2. */
  String protocol();

  /** A new load connection. */
  Sender newSender();

  URI traceUri(String traceIdHex);

  /** Spans in a trace-by-id answer. */
  int spanCount(JsonNode answer);

  /** The search URI of a query's run-th execution, or empty when this server cannot say it. */
  Optional<URI> searchUri(QuerySpec query, int run, long startSeconds, long endSeconds);

  /** Traces in a search answer. */
  int traceCount(JsonNode answer);

  URI graphUri(long startSeconds, long endSeconds);

  /**
   * The RED series (rate, errors, durations per minute) of the workload's front service over the
   * window, or empty when this server has no such API.
   */
  default Optional<URI> redUri(long startSeconds, long endSeconds) {
    return Optional.empty();
  }

  /**
   * The TraceQL metrics range query over {@code [startSeconds, endSeconds]}, with {@code step} or
   * (null) the server's default; empty when this server has no metrics API.
   */
  Optional<URI> metricsUri(
      MetricsQuerySpec query, long startSeconds, long endSeconds, @Nullable Duration step);

  /** The child process, when this run started the server. */
  Optional<LoggedProcess> process();

  /** The data directory whose size is reported, when the server keeps one. */
  Optional<Path> dataDir();

  /** Waits until the store is done cutting and compacting; empty when the server has no gauges. */
  Optional<StoreState> settle() throws InterruptedException;

  @Override
  void close();

  /** Fails naming the option that points at {@code jar} when it is missing. */
  static void requireJar(String name, Path jar, String option) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "the "
              + name
              + " jar "
              + jar
              + " is missing; build it with ./mvnw package -DskipTests or point at it with "
              + option
              + " PATH");
    }
  }

  /** The embedded store's gauges after ingest has settled. */
  record StoreState(
      double diskBytes, double walBytes, double blocks, double blockSpans, double headSpans) {
    double blockBytesPerSpan() {
      return blockSpans == 0 ? Double.NaN : (diskBytes - walBytes) / blockSpans;
    }
  }
}
