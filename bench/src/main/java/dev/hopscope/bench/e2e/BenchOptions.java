package dev.hopscope.bench.e2e;

import dev.hopscope.bench.workload.Workload;
import dev.hopscope.process.Cpus;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The benchmark's command line: {@code --name value} pairs and a few switches. */
public record BenchOptions(
    @Nullable URI target,
    @Nullable URI otlpHttp,
    int otlpGrpcPort,
    boolean grpc,
    int connections,
    Duration duration,
    Duration warmup,
    long scaleSpans,
    Duration spread,
    double rate,
    int batchSpans,
    long seed,
    int lookups,
    int queryRuns,
    Duration queryBudget,
    @Nullable Duration metricsStep,
    boolean compareZipkin,
    Path serverJar,
    Path zipkinJar,
    String serverHeap,
    String zipkinHeap,
    long zipkinMaxSpans,
    String walSync,
    @Nullable String cpus,
    Path json,
    @Nullable Path dataDir,
    boolean keepData) {

  static final String USAGE =
      """
      Usage: hopscope bench [options]
      Starts a Hopscope server in a child JVM (or uses --target), sends a seeded synthetic workload
      over OTLP on N connections, checks that every acknowledged span reads back, then measures
      trace-by-id lookups, 12 TraceQL searches, 3 TraceQL metrics queries (Tempo's query_range, over
      the last hour or the run if shorter) and the service graph. Prints a table, writes JSON.

        --protocol http|grpc     OTLP/HTTP protobuf (default) or OTLP/gRPC
        --connections N          load connections (default 4)
        --duration D             how long the load runs, e.g. 30s, 2m (default 30s)
        --warmup D               unmeasured load before it, verified too (default 10s; 0s skips)
        --scale N                load exactly N spans instead, e.g. 1m, 10m, 500k; then query
        --spread D               with --scale: stamp the spans as if the load had taken D, the
                                 first ones D ago, e.g. 1h for "10 M spans over the last hour"
                                 (default 0s: each trace starts when it is sent)
        --rate SPANS_PER_S       pace the load (default 0: as fast as acknowledgements come)
        --batch-spans N          spans per request (default 500)
        --seed N                 workload seed (default %d)
        --lookups N              trace-by-id lookups measured (default 1000)
        --query-runs N           runs of each query and of the graph (default 20)
        --query-budget D         time after which a query stops repeating (default 60s)
        --metrics-step D         step of the metrics queries, e.g. 15s (default: the server's,
                                 about 240 points per range as Tempo picks it; 15s asks on whole
                                 span-cell grains, as Tempo's one-hour view does)
        --compare zipkin         also run Hopscope fed Zipkin JSON v2, and Zipkin's own server fed the
                                 same, each server alone, and print the per-core ratios
        --target URL             a running Hopscope's API, e.g. http://127.0.0.1:16686 (no child)
        --otlp-http URL          with --target: OTLP/HTTP endpoint (default host:4318/v1/traces)
        --otlp-grpc-port N       with --target: OTLP/gRPC port (default 4317)
        --server-jar PATH        Hopscope jar (default <home>/cli/target/hopscope.jar)
        --zipkin-jar PATH        Zipkin exec jar (default next to this jar: zipkin/zipkin-server.jar)
        --server-heap SIZE       -Xmx of the Hopscope child (default 512m)
        --zipkin-heap SIZE       -Xmx of the Zipkin child (default 4g: it keeps every span in heap)
        --zipkin-max-spans N     Zipkin's MEM_MAX_SPANS (default 20m)
        --wal-sync fsync|none    Hopscope's WAL mode (default fsync: acknowledged = durable)
        --cpus LIST              taskset CPU list for the server(s) (default: every CPU; with
                                 --compare zipkin, CPU 0, so the ratios are per core; only
                                 where taskset exists)
        --json PATH              result file (default bench-result.json)
        --data-dir DIR           Hopscope's data directory (default: a temporary one, deleted after)
        --keep-data              keep the data directory
        --help                   this text
      """
          .formatted(Workload.DEFAULT_SEED);

  /** Parses args; throws IllegalArgumentException naming the bad option and what it takes. */
  public static BenchOptions parse(List<String> args) {
    URI target = null;
    URI otlpHttp = null;
    int grpcPort = 4317;
    boolean grpc = false;
    int connections = 4;
    Duration duration = Duration.ofSeconds(30);
    Duration warmup = Duration.ofSeconds(10);
    long scale = 0;
    Duration spread = Duration.ZERO;
    double rate = 0;
    int batch = 500;
    long seed = Workload.DEFAULT_SEED;
    int lookups = 1000;
    int queryRuns = 20;
    Duration queryBudget = Duration.ofSeconds(60);
    Duration metricsStep = null;
    boolean zipkin = false;
    Path home = Path.of(System.getProperty("hopscope.home", ".")).toAbsolutePath().normalize();
    Path serverJar = home.resolve("cli/target/hopscope.jar");
    Path zipkinJar = defaultZipkinJar(home);
    String serverHeap = "512m";
    String zipkinHeap = "4g";
    long zipkinMaxSpans = 20_000_000;
    String walSync = "fsync";
    String cpus = null;
    boolean cpusGiven = false;
    Path json = Path.of("bench-result.json");
    Path dataDir = null;
    boolean keep = false;
    for (int i = 0; i < args.size(); i++) {
      String option = args.get(i);
      if (option.equals("--keep-data")) {
        keep = true;
        continue;
      }
      if (option.equals("--help") || option.equals("-h")) {
        throw new HelpRequested();
      }
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException(option + " needs a value; see --help");
      }
      String value = args.get(++i);
      switch (option) {
        case "--target" -> target = URI.create(value);
        case "--otlp-http" -> otlpHttp = URI.create(value);
        case "--otlp-grpc-port" -> grpcPort = positiveInt(option, value);
        case "--protocol" ->
            grpc =
                switch (value) {
                  case "grpc" -> true;
                  case "http" -> false;
                  default ->
                      throw new IllegalArgumentException(
                          "--protocol must be http or grpc, not " + value);
                };
        case "--connections" -> connections = positiveInt(option, value);
        case "--duration" -> duration = duration(option, value);
        case "--warmup" -> warmup = duration(option, value);
        case "--scale" -> scale = count(option, value);
        case "--spread" -> spread = duration(option, value);
        case "--rate" -> rate = nonNegativeDouble(option, value);
        case "--batch-spans" -> batch = positiveInt(option, value);
        case "--seed" -> seed = Long.parseLong(value);
        case "--lookups" -> lookups = positiveInt(option, value);
        case "--query-runs" -> queryRuns = positiveInt(option, value);
        case "--query-budget" -> queryBudget = duration(option, value);
        case "--metrics-step" -> {
          metricsStep = duration(option, value);
          if (metricsStep.isZero() || metricsStep.isNegative()) {
            throw new IllegalArgumentException(
                "--metrics-step must be longer than 0, e.g. 15s; leave it out for the server's");
          }
        }
        case "--compare" -> {
          if (!value.equals("zipkin")) {
            throw new IllegalArgumentException("--compare knows only zipkin, not " + value);
          }
          zipkin = true;
        }
        case "--server-jar" -> serverJar = Path.of(value).toAbsolutePath();
        case "--zipkin-jar" -> zipkinJar = Path.of(value).toAbsolutePath();
        case "--server-heap" -> serverHeap = value;
        case "--zipkin-heap" -> zipkinHeap = value;
        case "--zipkin-max-spans" -> zipkinMaxSpans = count(option, value);
        case "--wal-sync" -> {
          if (!value.equals("fsync") && !value.equals("none")) {
            throw new IllegalArgumentException("--wal-sync must be fsync or none, not " + value);
          }
          walSync = value;
        }
        case "--cpus" -> {
          cpus = value;
          cpusGiven = true;
        }
        case "--json" -> json = Path.of(value);
        case "--data-dir" -> dataDir = Path.of(value).toAbsolutePath();
        default -> throw new IllegalArgumentException("unknown option " + option + "; see --help");
      }
    }
    if (!spread.isZero() && scale == 0) {
      throw new IllegalArgumentException(
          "--spread stamps the spans of a --scale load; add e.g. --scale 10m, or drop --spread");
    }
    if (target != null && zipkin) {
      throw new IllegalArgumentException(
          "--compare zipkin starts both servers itself; drop --target to use it");
    }
    if (!cpusGiven && Cpus.tasksetAvailable()) {
      // A comparison is per core: each server alone on one, as the performance goals are set.
      cpus = zipkin ? "0" : "0-" + (Runtime.getRuntime().availableProcessors() - 1);
    }
    return new BenchOptions(
        target,
        otlpHttp,
        grpcPort,
        grpc,
        connections,
        duration,
        warmup,
        scale,
        spread,
        rate,
        batch,
        seed,
        lookups,
        queryRuns,
        queryBudget,
        metricsStep,
        zipkin,
        serverJar,
        zipkinJar,
        serverHeap,
        zipkinHeap,
        zipkinMaxSpans,
        walSync,
        cpus,
        json,
        dataDir,
        keep);
  }

  /** Thrown for --help: the caller prints {@link #USAGE} and exits 0. */
  static final class HelpRequested extends RuntimeException {
    HelpRequested() {
      super("help", null, false, false);
    }
  }

  /** Next to the running jar (bench/target*), else under the repository home. */
  private static Path defaultZipkinJar(Path home) {
    try {
      Path self =
          Path.of(BenchOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path directory = self.getParent();
      if (directory != null) {
        Path beside = directory.resolve("zipkin/zipkin-server.jar");
        if (Files.isRegularFile(self) && Files.isRegularFile(beside)) {
          return beside;
        }
      }
    } catch (Exception e) {
      // not from a jar; fall back to the repository layout
    }
    return home.resolve("bench/target/zipkin/zipkin-server.jar");
  }

  static long count(String option, String value) {
    String v = value.toLowerCase(Locale.ROOT).replace("_", "");
    long multiplier = 1;
    if (v.endsWith("k")) {
      multiplier = 1_000;
    } else if (v.endsWith("m")) {
      multiplier = 1_000_000;
    }
    try {
      double number = Double.parseDouble(multiplier == 1 ? v : v.substring(0, v.length() - 1));
      if (number <= 0) {
        throw new NumberFormatException();
      }
      return (long) (number * multiplier);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + " takes a positive count such as 500k or 10m, not " + value);
    }
  }

  static Duration duration(String option, String value) {
    String v = value.toLowerCase(Locale.ROOT);
    try {
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> throw new NumberFormatException();
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          option + " takes a duration such as 30s, 2m or 1h, not " + value);
    }
  }

  private static int positiveInt(String option, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " takes a positive integer, not " + value);
  }

  private static double nonNegativeDouble(String option, String value) {
    try {
      double n = Double.parseDouble(value);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " takes a number >= 0, not " + value);
  }
}
