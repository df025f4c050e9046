package dev.hopscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * Runs {@code java -jar <home>/bench/target/hopscope-bench.jar <options>}. The benchmark lives in
 * its own module and jar (it starts servers as child processes and carries JMH and Zipkin's client
 * side), so the server never loads it; the options are declared here too so that {@code --help}
 * lists them and picocli checks them before a child starts. The bench jar's {@code --help} is the
 * reference; an option this class does not know yet is passed through unchanged.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs the end-to-end ingest and query benchmark: starts a server in a child JVM (or uses"
          + " --target), sends a seeded synthetic workload over OTLP on N connections, checks"
          + " that every acknowledged span reads back, measures trace-by-id lookups, TraceQL"
          + " queries and the service graph, prints a table and writes JSON.",
      "See docs/benchmarks.md; JMH micro-benchmarks: ./mvnw -pl bench -am -Pjmh package."
    })
final class BenchCommand implements Callable<Integer> {
  static final String RELATIVE = "bench/target/hopscope-bench.jar";

  @Spec CommandSpec spec;

  @Option(
      names = "--protocol",
      paramLabel = "http|grpc",
      description = "OTLP/HTTP protobuf (default) or OTLP/gRPC.")
  @Nullable String protocol;

  @Option(names = "--connections", paramLabel = "N", description = "Load connections (default 4).")
  @Nullable Integer connections;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description = "Measured load time, e.g. 30s, 2m (default 30s).")
  @Nullable String duration;

  @Option(
      names = "--warmup",
      paramLabel = "DURATION",
      description = "Unmeasured load before it (default 10s; 0s skips).")
  @Nullable String warmup;

  @Option(
      names = "--scale",
      paramLabel = "SPANS",
      description =
          "Load exactly this many spans instead of --duration, e.g. 1m or 10m, then query.")
  @Nullable String scale;

  @Option(
      names = "--rate",
      paramLabel = "SPANS_PER_S",
      description = "Pace the load (default: as fast as acknowledgements come).")
  @Nullable String rate;

  @Option(
      names = "--batch-spans",
      paramLabel = "N",
      description = "Spans per request (default 500).")
  @Nullable Integer batchSpans;

  @Option(names = "--seed", paramLabel = "N", description = "Workload seed.")
  @Nullable Long seed;

  @Option(
      names = "--lookups",
      paramLabel = "N",
      description = "Trace-by-id lookups measured (default 1000).")
  @Nullable Integer lookups;

  @Option(
      names = "--query-runs",
      paramLabel = "N",
      description = "Runs of each query and of the service graph (default 20).")
  @Nullable Integer queryRuns;

  @Option(
      names = "--query-budget",
      paramLabel = "DURATION",
      description = "Time after which a query stops repeating (default 60s).")
  @Nullable String queryBudget;

  @Option(
      names = "--compare",
      paramLabel = "zipkin",
      description = "Also run Zipkin's server (in memory) on the same workload as Zipkin JSON v2.")
  @Nullable String compare;

  @Option(
      names = "--target",
      paramLabel = "URL",
      description =
          "A running Hopscope's API, e.g. http://127.0.0.1:16686, instead of a child server.")
  @Nullable String target;

  @Option(
      names = "--otlp-http",
      paramLabel = "URL",
      description = "With --target: the OTLP/HTTP endpoint.")
  @Nullable String otlpHttp;

  @Option(
      names = "--otlp-grpc-port",
      paramLabel = "PORT",
      description = "With --target: the OTLP/gRPC port.")
  @Nullable Integer otlpGrpcPort;

  @Option(
      names = "--server-jar",
      paramLabel = "PATH",
      description = "The server jar (default <home>/cli/target/hopscope.jar).")
  @Nullable String serverJar;

  @Option(
      names = "--zipkin-jar",
      paramLabel = "PATH",
      description = "Zipkin's exec jar (default bench/target/zipkin/zipkin-server.jar).")
  @Nullable String zipkinJar;

  @Option(
      names = "--server-heap",
      paramLabel = "SIZE",
      description = "-Xmx of the Hopscope child (default 512m).")
  @Nullable String serverHeap;

  @Option(
      names = "--zipkin-heap",
      paramLabel = "SIZE",
      description = "-Xmx of the Zipkin child (default 4g).")
  @Nullable String zipkinHeap;

  @Option(
      names = "--zipkin-max-spans",
      paramLabel = "N",
      description = "Zipkin's MEM_MAX_SPANS (default 20m).")
  @Nullable String zipkinMaxSpans;

  @Option(
      names = "--wal-sync",
      paramLabel = "fsync|none",
      description = "The child server's WAL mode (default fsync).")
  @Nullable String walSync;

  @Option(
      names = "--cpus",
      paramLabel = "LIST",
      description = "taskset CPU list for the server(s) (default: every CPU).")
  @Nullable String cpus;

  @Option(
      names = "--json",
      paramLabel = "PATH",
      description = "Result file (default bench-result.json).")
  @Nullable String json;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "The child server's data directory (default: a temporary one).")
  @Nullable String dataDir;

  @Option(names = "--keep-data", description = "Keep the data directory and logs.")
  boolean keepData;

  @Unmatched List<String> passThrough = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    Path home = Path.of(System.getProperty("hopscope.home", ".")).toAbsolutePath().normalize();
    Path jar = home.resolve(RELATIVE);
    if (!Files.isRegularFile(jar)) {
      err.println(
          "hopscope bench: the benchmark's jar "
              + jar
              + " is missing; run ./hopscope from the repository root (it builds it), or"
              + " ./mvnw package -DskipTests");
      err.flush();
      return 1;
    }
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Dhopscope.home=" + home);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(arguments());
    Process bench;
    try {
      bench = new ProcessBuilder(command).inheritIO().start();
    } catch (IOException e) {
      err.println("hopscope bench: cannot start " + jar + ": " + e.getMessage());
      err.flush();
      return 1;
    }
    // Ctrl-C reaches the child too (same process group); this covers a plain kill of us.
    Thread stop = new Thread(bench::destroy, "hopscope-bench-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    int exit = bench.waitFor();
    try {
      Runtime.getRuntime().removeShutdownHook(stop);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
    return exit;
  }

  List<String> arguments() {
    List<String> args = new ArrayList<>();
    add(args, "--protocol", protocol);
    add(args, "--connections", connections);
    add(args, "--duration", duration);
    add(args, "--warmup", warmup);
    add(args, "--scale", scale);
    add(args, "--rate", rate);
    add(args, "--batch-spans", batchSpans);
    add(args, "--seed", seed);
    add(args, "--lookups", lookups);
    add(args, "--query-runs", queryRuns);
    add(args, "--query-budget", queryBudget);
    add(args, "--compare", compare);
    add(args, "--target", target);
    add(args, "--otlp-http", otlpHttp);
    add(args, "--otlp-grpc-port", otlpGrpcPort);
    add(args, "--server-jar", serverJar);
    add(args, "--zipkin-jar", zipkinJar);
    add(args, "--server-heap", serverHeap);
    add(args, "--zipkin-heap", zipkinHeap);
    add(args, "--zipkin-max-spans", zipkinMaxSpans);
    add(args, "--wal-sync", walSync);
    add(args, "--cpus", cpus);
    add(args, "--json", json);
    add(args, "--data-dir", dataDir);
    if (keepData) {
      args.add("--keep-data");
    }
    args.addAll(passThrough);
    return args;
  }

  private static void add(List<String> args, String option, @Nullable Object value) {
    if (value != null) {
      args.add(option);
      args.add(value.toString());
    }
  }
}
