package dev.hopscope.bench.e2e;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hopscope.process.Cpus;
import dev.hopscope.process.LoggedProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** One benchmark run: Hopscope, then (with --compare zipkin) Zipkin, then the report. */
public final class BenchRun {
  /** Set when a server died: its log must outlive the run. */
  private static volatile boolean keepLogs;

  private BenchRun() {}

  /**
   * Runs the command line; returns the exit code (0 ok, 1 spans lost, an empty rate over every span
   * after the load, or failure, 2 usage).
   */
  public static int main(List<String> args, PrintStream out, PrintStream err) {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (BenchOptions.HelpRequested help) {
      out.print(BenchOptions.USAGE);
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("hopscope bench: " + e.getMessage());
      return 2;
    }
    try {
      Map<String, Object> json = run(options, out);
      out.println("JSON written to " + options.json().toAbsolutePath());
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> results = (List<Map<String, Object>>) present(json, "results");
      long lost =
          results.stream()
              .filter(r -> "hopscope".equals(r.get("system")))
              .mapToLong(
                  r ->
                      ((Number) present(r, "lostSpans")).longValue()
                          + ((Number) present(r, "unverifiedSpans")).longValue())
              .sum();
      String emptyMetrics = emptyRateByService(results);
      if (emptyMetrics != null) {
        err.println("hopscope bench: " + emptyMetrics);
      }
      return lost == 0 && emptyMetrics == null ? 0 : 1;
    } catch (IllegalStateException e) {
      err.println("hopscope bench: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("hopscope bench: interrupted");
      return 1;
    } catch (Exception e) {
      err.println("hopscope bench: failed: " + e);
      e.printStackTrace(err);
      return 1;
    }
  }

  /**
   * After a load, {@code { } | rate() by (resource.service.name)} must count something: no sample
   * means the metrics path lost the spans (or cannot answer), which fails the run as a lost span
   * does. Returns the message, or null when every Hopscope run had data.
   */
  @SuppressWarnings("unchecked")
  static @Nullable String emptyRateByService(List<Map<String, Object>> results) {
    for (Map<String, Object> result : results) {
      if (!"hopscope".equals(result.get("system"))) {
        continue;
      }
      for (Map<String, Object> query :
          (List<Map<String, Object>>) present(result, "metricsQueries")) {
        if (MetricsQuerySpec.RATE_BY_SERVICE.equals(query.get("name"))
            && ((Number) present(query, "samples")).longValue() == 0) {
          return "the metrics query "
              + query.get("query")
              + " answered no samples after "
              + result.get("spansStored")
              + " spans were stored"
              + (query.get("firstError") == null
                  ? ""
                  : "; first error: " + query.get("firstError"));
        }
      }
    }
    return null;
  }

  /**
   * A field {@link #run} always writes ({@link RunResult#toJson} and its metrics entries); if one
   * is missing, the error names it instead of a bare NullPointerException.
   */
  private static Object present(Map<String, Object> json, String field) {
    return Objects.requireNonNull(json.get(field), () -> "the result JSON has no " + field);
  }

  /** Runs the benchmark and writes the JSON file; returns what it wrote. */
  public static Map<String, Object> run(BenchOptions options, PrintStream out) throws Exception {
    Path work = Files.createTempDirectory("hopscope-bench-");
    Path dataDir = options.dataDir() != null ? options.dataDir() : work.resolve("data");
    Instant started = Instant.now();
    out.printf(
        "Hopscope bench: %s, %d connections, %s, seed %d, server CPUs %s%n",
        options.grpc() ? "OTLP/gRPC" : "OTLP/HTTP protobuf",
        options.connections(),
        options.scaleSpans() > 0
            ? String.format("%,d spans", options.scaleSpans())
            : options.duration().toSeconds() + " s",
        options.seed(),
        options.cpus() == null ? "unpinned" : options.cpus());
    List<RunResult> results = new ArrayList<>();
    int processors = Runtime.getRuntime().availableProcessors();
    if ("0".equals(options.cpus()) && processors > 1) {
      String rest = processors == 2 ? "1" : "1-" + (processors - 1);
      if (Cpus.pinThisProcess(rest)) {
        out.printf("  the load generator runs on CPUs %s, away from the servers' core%n", rest);
      }
    }
    try {
      URI target = options.target();
      Target hopscope =
          target != null
              ? HopscopeTarget.attach(options, target)
              : HopscopeTarget.start(options, dataDir, work.resolve("hopscope.log"), false);
      try (hopscope) {
        results.add(measure(hopscope, options, out));
      }
      if (options.compareZipkin()) {
        // Hopscope again, fresh, fed Zipkin's own format: the like-for-like comparison.
        Path zipkinJsonData = dataDir.resolveSibling(dataDir.getFileName() + "-zipkin-json");
        try (Target hopscopeZipkin =
            HopscopeTarget.start(
                options, zipkinJsonData, work.resolve("hopscope-zipkin-json.log"), true)) {
          results.add(measure(hopscopeZipkin, options, out));
        }
        try (Target zipkin = ZipkinTarget.start(options, work.resolve("zipkin.log"))) {
          results.add(measure(zipkin, options, out));
        }
      }
    } finally {
      if (!options.keepData() && options.dataDir() == null && !keepLogs) {
        deleteTree(work);
      } else {
        out.println("Data and logs kept in " + work);
      }
    }
    RunResult zipkinRun = options.compareZipkin() ? results.get(2) : null;
    Report.print(out, results.get(0), zipkinRun);
    results.forEach(run -> Report.printThreads(out, run));
    if (zipkinRun != null) {
      Report.printPerCore(out, results.get(0), results.get(1), zipkinRun, options.cpus());
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("benchmark", "hopscope end-to-end");
    json.put("startedAt", started.toString());
    json.put("options", optionsJson(options));
    json.put("machine", Machine.describe());
    json.put("results", results.stream().map(RunResult::toJson).toList());
    if (zipkinRun != null) {
      json.put("hopscopeOverZipkin", ratios(results.get(0), zipkinRun));
      json.put("hopscopeZipkinJsonOverZipkin", ratios(results.get(1), zipkinRun));
    }
    Path file = options.json().toAbsolutePath();
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    ReadClient.JSON
        .copy()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(file.toFile(), json);
    return json;
  }

  private static RunResult measure(Target target, BenchOptions options, PrintStream out)
      throws Exception {
    long spreadSeconds = options.spread().toSeconds();
    long startSeconds = System.currentTimeMillis() / 1000 - 120 - spreadSeconds;
    // Traces start within the second before they are sent (stamped back by --spread).
    long dataStartSeconds = System.currentTimeMillis() / 1000 - 1 - spreadSeconds;
    AckLog acks = new AckLog();
    if (!options.warmup().isZero()) {
      acks.merge(LoadPhase.warmUp(target, options, out).acks());
    }
    LoadPhase.Result load = LoadPhase.run(target, options, out);
    acks.merge(load.acks());
    boolean alive = target.process().map(LoggedProcess::isAlive).orElse(true);
    if (!alive) {
      throw new IllegalStateException(
          target.name() + " died during the load; see " + target.process().get().log());
    }
    OptionalLong rssAfterLoad =
        target.process().map(LoggedProcess::peakRssBytes).orElse(OptionalLong.empty());
    var store = target.settle();
    OptionalLong disk = target.dataDir().map(BenchRun::treeBytes).orElse(OptionalLong.empty());
    Verification verification =
        Verification.run(target, acks, Math.max(2, options.connections()), out);
    long endSeconds = System.currentTimeMillis() / 1000 + 60;
    QueryPhase.Result reads =
        QueryPhase.run(target, acks, options, startSeconds, endSeconds, dataStartSeconds, out);
    OptionalLong rssAtEnd =
        target.process().map(LoggedProcess::peakRssBytes).orElse(OptionalLong.empty());
    OptionalLong rss = rssAtEnd.isPresent() ? rssAtEnd : rssAfterLoad;
    boolean aliveAtEnd = target.process().map(LoggedProcess::isAlive).orElse(true);
    if (!aliveAtEnd) {
      keepLogs = true;
      out.println(
          "  ["
              + target.name()
              + "] the server exited during the read phases; its log: "
              + target.process().get().log());
    }
    return new RunResult(
        target.name(),
        target.protocol(),
        options.connections(),
        load,
        acks.spans(),
        alive,
        aliveAtEnd,
        store,
        disk,
        verification,
        reads,
        rss);
  }

  private static Map<String, Object> ratios(RunResult hopscope, RunResult zipkin) {
    Map<String, Object> ratios = new LinkedHashMap<>();
    ratios.put(
        "ingestSpansPerSecond",
        ratio(hopscope.load().spansPerSecond(), zipkin.load().spansPerSecond()));
    Double h = hopscope.spansPerCpuSecond();
    Double z = zipkin.spansPerCpuSecond();
    ratios.put("spansPerServerCpuSecond", h == null || z == null ? null : ratio(h, z));
    return ratios;
  }

  private static @Nullable Double ratio(double a, double b) {
    return b > 0 ? a / b : null;
  }

  private static Map<String, Object> optionsJson(BenchOptions o) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("protocol", o.grpc() ? "grpc" : "http");
    json.put("connections", o.connections());
    json.put("durationSeconds", o.scaleSpans() > 0 ? null : o.duration().toSeconds());
    json.put("warmupSeconds", o.warmup().toSeconds());
    json.put("spreadSeconds", o.spread().toSeconds());
    json.put("scaleSpans", o.scaleSpans() > 0 ? o.scaleSpans() : null);
    json.put("rate", o.rate());
    json.put("batchSpans", o.batchSpans());
    json.put("seed", o.seed());
    json.put("lookups", o.lookups());
    json.put("queryRuns", o.queryRuns());
    json.put("queryBudgetSeconds", o.queryBudget().toSeconds());
    json.put(
        "metricsStepSeconds", o.metricsStep() == null ? null : o.metricsStep().toMillis() / 1000.0);
    json.put("walSync", o.walSync());
    json.put("serverHeap", o.serverHeap());
    json.put("zipkinHeap", o.compareZipkin() ? o.zipkinHeap() : null);
    json.put("cpus", o.cpus());
    json.put("target", o.target() == null ? null : o.target().toString());
    return json;
  }

  /** Apparent size of every file under {@code root} (what du --apparent-size -b reports). */
  static OptionalLong treeBytes(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return OptionalLong.of(files.filter(Files::isRegularFile).mapToLong(BenchRun::size).sum());
    } catch (IOException | UncheckedIOException e) {
      return OptionalLong.empty();
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // removed by compaction while walking
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
