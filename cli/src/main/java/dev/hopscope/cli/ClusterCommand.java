package dev.hopscope.cli;

import dev.hopscope.cli.local.LocalCluster;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a whole Hopscope cluster on this machine, every part a process: one Kafka broker"
          + " (KRaft), s3proxy as the bucket (files under --data-dir), 2 distributors,"
          + " 2 block-builders, 2 live stores and 1 querier (the compactor once it is built).",
      "The first distributor takes spans on the usual ports (OTLP/gRPC 4317, OTLP/HTTP 4318,"
          + " Zipkin 9411), the querier serves the UI and APIs on 16686; every other listener"
          + " takes a free port, printed at start. Ctrl-C stops everything. Kafka's and s3proxy's"
          + " jars come with the build (cli/target/cluster/). docs/cluster.md."
    })
final class ClusterCommand implements Callable<Integer> {
  static final String DEFAULT_DIRECTORY = "hopscope-cluster";

  @Spec CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", description = Options.DATA_DIR)
  @Nullable Path dataDir;

  @Mixin ClusterShapeOptions shape = new ClusterShapeOptions();

  @Option(
      names = "--any-ports",
      description =
          "Free ports for every listener, also the receivers and the querier (to run beside a `hopscope serve`).")
  boolean anyPorts;

  @Option(
      names = "--server-jar",
      paramLabel = "JAR",
      description =
          "The hopscope jar the roles run from (default: this one, else "
              + ServerJar.RELATIVE
              + ").")
  @Nullable Path serverJar;

  /** Descriptions shared with `demo --cluster`. */
  static final class Options {
    static final String DATA_DIR =
        "Where every part keeps its files and log (default ./"
            + DEFAULT_DIRECTORY
            + "); kept between runs: Kafka's log and the bucket come back.";

    private Options() {}
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LocalCluster.Spec clusterSpec;
    try {
      clusterSpec =
          shape.toSpec(
              ServerJar.running(serverJar),
              dataDir != null ? dataDir : Path.of(DEFAULT_DIRECTORY),
              anyPorts ? LocalCluster.Ports.any() : LocalCluster.Ports.usual());
    } catch (IllegalArgumentException e) {
      err.println("hopscope cluster: " + e.getMessage());
      return 1;
    }
    out.println("Starting Kafka, s3proxy and the roles (half a minute to a few minutes)...");
    out.flush();
    LocalCluster cluster = startOrExplain(clusterSpec, err);
    if (cluster == null) {
      return 1;
    }
    CountDownLatch stopped = stopOnExit(cluster);
    print(out, cluster);
    out.println("Ctrl-C stops everything.");
    out.flush();
    stopped.await();
    return 0;
  }

  /** Starts the cluster, or prints why not (with the logs to look at) and returns null. */
  static @Nullable LocalCluster startOrExplain(LocalCluster.Spec clusterSpec, PrintWriter err) {
    try {
      return LocalCluster.start(clusterSpec);
    } catch (Exception e) {
      err.println("hopscope cluster: the cluster did not start: " + e.getMessage());
      err.println(
          "  logs: " + clusterSpec.directory().toAbsolutePath().normalize() + "/logs and */*.log");
      err.flush();
      return null;
    }
  }

  /**
   * Ctrl-C or SIGTERM stops every part and exits 0, as {@code serve} does (a shutdown hook alone
   * ended the command with 130 or 143); a second signal exits at once. The hook stays for other
   * exits. The latch opens once every part stopped.
   */
  static CountDownLatch stopOnExit(LocalCluster cluster) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runnable stop =
        ServeCommand.once(
            () -> {
              cluster.close();
              stopped.countDown();
            });
    StopSignals.install(
        () -> {
          stop.run();
          System.exit(0);
        },
        130);
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "hopscope-cluster-shutdown"));
    return stopped;
  }

  static void print(PrintWriter out, LocalCluster cluster) {
    var querier = cluster.member("querier-1");
    var distributor = cluster.member("distributor-1").receivers().orElseThrow();
    out.printf("Hopscope cluster is running (files in %s)%n", cluster.directory());
    out.printf("  UI and APIs      %s/%n", querier.api());
    out.printf(
        "  send spans to    OTLP/gRPC %s, OTLP/HTTP %s/v1/traces, Zipkin %s/api/v2/spans%n",
        distributor.otlpGrpc(), distributor.otlpHttp(), distributor.zipkin());
    out.println("Every part:");
    cluster.describe().forEach(out::println);
    out.flush();
  }
}
