package dev.hopscope.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hopscope.process.Cpus;
import dev.hopscope.process.LoggedProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Zipkin's own server (the {@code io.zipkin:zipkin-server} exec jar) with in-memory storage, fed
 * the same traces as Zipkin JSON v2. It answers 202 before storing: its acknowledgements are not
 * durable, which the report says next to its numbers.
 */
final class ZipkinTarget implements Target {
  private final URI base;
  private final LoggedProcess process;

  private ZipkinTarget(URI base, LoggedProcess process) {
    this.base = base;
    this.process = process;
  }

  /**
   * What Armeria, Zipkin's HTTP server, logs once a port is bound: {@code Serving HTTP at
   * /127.0.0.1:43573 - http://127.0.0.1:43573/}. Zipkin logs it at INFO by default, and it names
   * the port Linux chose for port 0.
   */
  private static final Pattern SERVING =
      Pattern.compile("Serving HTTP at \\S+ - (http://[^/\\s]+)/");

  static ZipkinTarget start(BenchOptions options, Path log)
      throws IOException, InterruptedException {
    List<String> jvm = List.of("-Xmx" + options.zipkinHeap(), "-XX:+ExitOnOutOfMemoryError");
    // Spring Boot properties: one HTTP port on loopback only, port 0 (read back from the log).
    List<String> args =
        List.of(
            "--armeria.ports[0].port=0",
            "--armeria.ports[0].ip=127.0.0.1",
            "--armeria.ports[0].protocols[0]=http");
    Map<String, String> env =
        Map.of(
            "STORAGE_TYPE", "mem",
            "MEM_MAX_SPANS", Long.toString(options.zipkinMaxSpans()),
            "COLLECTOR_SAMPLE_RATE", "1.0",
            "SELF_TRACING_ENABLED", "false");
    Target.requireJar("zipkin", options.zipkinJar(), "--zipkin-jar");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvm);
    command.addAll(List.of("-jar", options.zipkinJar().toString()));
    command.addAll(args);
    LoggedProcess process =
        LoggedProcess.start("zipkin", Cpus.pinned(options.cpus(), command), env, log);
    CompletableFuture<Matcher> serving = process.watch(SERVING);
    process.follow().killOnExit(); // Ctrl-C of the benchmark must not leave a server running
    URI base;
    try {
      base = URI.create(process.await(serving, Duration.ofSeconds(120)).group(1));
      process.awaitHttpOk(base.resolve("/health"), Duration.ofSeconds(120));
    } catch (IOException | RuntimeException | InterruptedException e) {
      process.close();
      throw e;
    }
    return new ZipkinTarget(base, process);
  }

  @Override
  public String name() {
    return "zipkin";
  }

  @Override
  public String protocol() {
    return "zipkin-json-v2";
  }

  @Override
  public Sender newSender() {
    return HttpSender.zipkinJson(base.resolve("/api/v2/spans"));
  }

  @Override
  public URI traceUri(String traceIdHex) {
    return base.resolve("/api/v2/trace/" + traceIdHex);
  }

  @Override
  public int spanCount(JsonNode answer) {
    return answer.size();
  }

  @Override
  public Optional<URI> searchUri(QuerySpec query, int run, long startSeconds, long endSeconds) {
    long lookbackMillis = (endSeconds - startSeconds) * 1000;
    return query
        .zipkinParams(run)
        .map(
            params ->
                base.resolve(
                    "/api/v2/traces?limit=20&endTs="
                        + endSeconds * 1000
                        + "&lookback="
                        + lookbackMillis
                        + "&"
                        + params));
  }

  @Override
  public int traceCount(JsonNode answer) {
    return answer.size();
  }

  @Override
  public URI graphUri(long startSeconds, long endSeconds) {
    return base.resolve(
        "/api/v2/dependencies?endTs="
            + endSeconds * 1000
            + "&lookback="
            + (endSeconds - startSeconds) * 1000);
  }

  /** Zipkin has no metrics query API: the metrics rows are Hopscope's alone. */
  @Override
  public Optional<URI> metricsUri(
      MetricsQuerySpec query, long startSeconds, long endSeconds, @Nullable Duration step) {
    return Optional.empty();
  }

  @Override
  public Optional<LoggedProcess> process() {
    return Optional.of(process);
  }

  @Override
  public Optional<Path> dataDir() {
    return Optional.empty();
  }

  @Override
  public Optional<StoreState> settle() {
    return Optional.empty();
  }

  @Override
  public void close() {
    process.stop(Duration.ofSeconds(30)); // SIGTERM, SIGKILL after 30 s
  }
}
