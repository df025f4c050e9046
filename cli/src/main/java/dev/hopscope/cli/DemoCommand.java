package dev.hopscope.cli;

import dev.hopscope.cli.local.LocalCluster;
import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    subcommands = FaultCommand.class,
    description = {
      "Runs Hopscope with the reference shop: the server (embedded store under --data-dir), an H2"
          + " database, the auth service (under the OpenTelemetry Java agent), the webapp (OTel SDK"
          + " and instrumentation libraries) and a load generator; prints the UI address.",
      "Ctrl-C stops everything. Inject latency between services with `hopscope demo fault`."
    })
final class DemoCommand implements Callable<Integer> {
  static final String SHOP_MAIN = "dev.hopscope.demo.Shop";
  static final String DEFAULT_RATE = "20";
  static final String DEFAULT_DURATION = "30m";

  /** The shop's flag (the demo module's {@code ParentWatch.FLAG}, which the server cannot load). */
  static final String SHOP_EXIT_WITH_PARENT = "--exit-with-parent";

  @Spec CommandSpec spec;

  @Mixin ServerOptions server = new ServerOptions();

  @Option(
      names = "--cluster",
      description =
          "Run the shop against a local cluster (`hopscope cluster`: Kafka, s3proxy and every"
              + " role as processes, files under --data-dir, default ./"
              + ClusterCommand.DEFAULT_DIRECTORY
              + ") instead of one server: spans go to a distributor, the UI is the querier's.")
  boolean cluster;

  @Mixin ClusterShapeOptions shape = new ClusterShapeOptions();

  @Option(
      names = "--any-ports",
      description =
          "A free port for every listener the demo starts (the server's, or with --cluster the"
              + " receivers' and the querier's, and the shop's fault admin API), printed at start;"
              + " a port flag still fixes its own. To run beside another Hopscope.")
  boolean anyPorts;

  @Option(names = "--no-load", description = "Start the shop without the load generator.")
  boolean noLoad;

  @Option(
      names = "--rate",
      paramLabel = "PER_SECOND",
      defaultValue = DEFAULT_RATE,
      description = "Requests per second of the load generator (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description =
          "How long the load runs before it stops by itself, e.g. 90s, 10m (default: ${DEFAULT-VALUE}).")
  String duration = DEFAULT_DURATION;

  @Option(
      names = "--requests",
      paramLabel = "N",
      description = "Stop the load after this many requests.")
  @Nullable Integer requests;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DemoJar jar;
    ServerConfig config;
    LocalCluster.Spec clusterSpec = null;
    try {
      if (cluster) {
        clusterSpec = clusterSpec();
      }
      jar = DemoJar.locate();
      if (anyPorts) {
        freePortsUnlessGiven();
      }
      config = server.toConfig(System.getenv());
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("hopscope demo: " + e.getMessage());
      return 1;
    }
    if (clusterSpec != null) {
      return runOnCluster(clusterSpec, jar, out, err);
    }
    HopscopeServer hopscope = HopscopeServer.start(config);
    Process shop;
    try {
      shop = startShop(jar, hopscope.otlpHttpPort());
    } catch (RuntimeException | java.io.IOException e) {
      hopscope.close();
      throw e;
    }
    DemoStop stop = DemoStop.install(shop, "the server", hopscope::close, err);
    ServeCommand.printAddresses(out, hopscope);
    out.println();
    printTour(out, hopscope.uiAddress());
    return stop.awaitShop();
  }

  /** The shop against a local cluster: OTLP to the first distributor, the querier's UI. */
  private int runOnCluster(
      LocalCluster.Spec clusterSpec, DemoJar jar, PrintWriter out, PrintWriter err)
      throws Exception {
    out.println("Starting Kafka, s3proxy and the roles (half a minute to a few minutes)...");
    out.flush();
    LocalCluster localCluster = ClusterCommand.startOrExplain(clusterSpec, err);
    if (localCluster == null) {
      return 1;
    }
    Process shop;
    try {
      shop = startShop(jar, URI.create(localCluster.member("distributor-1").otlpHttp()).getPort());
    } catch (RuntimeException | java.io.IOException e) {
      localCluster.close();
      throw e;
    }
    DemoStop stop = DemoStop.install(shop, "the cluster", localCluster::close, err);
    ClusterCommand.print(out, localCluster);
    out.println();
    printTour(out, localCluster.member("querier-1").api() + "/");
    return stop.awaitShop();
  }

  /**
   * The local cluster: its size from the shared flags; the first distributor's receivers and the
   * querier on the ports given as flags, else the usual ones (any free one with --any-ports).
   */
  LocalCluster.Spec clusterSpec() {
    Path directory =
        server.dataDir != null
            ? Path.of(server.dataDir)
            : Path.of(ClusterCommand.DEFAULT_DIRECTORY);
    LocalCluster.Ports base = anyPorts ? LocalCluster.Ports.any() : LocalCluster.Ports.usual();
    LocalCluster.Ports ports =
        new LocalCluster.Ports(
            orElse(server.otlpGrpcPort, base.otlpGrpc()),
            orElse(server.otlpHttpPort, base.otlpHttp()),
            orElse(server.zipkinPort, base.zipkin()),
            orElse(server.httpPort, base.query()));
    return shape.toSpec(ServerJar.running(null), directory, ports);
  }

  /** --any-ports: port 0 for each listener whose port no flag fixed; each prints where it is. */
  private void freePortsUnlessGiven() {
    server.otlpGrpcPort = orElse(server.otlpGrpcPort, 0);
    server.otlpHttpPort = orElse(server.otlpHttpPort, 0);
    server.zipkinPort = orElse(server.zipkinPort, 0);
    server.httpPort = orElse(server.httpPort, 0);
  }

  private static int orElse(@Nullable Integer flag, int fallback) {
    return flag != null ? flag : fallback;
  }

  private Process startShop(DemoJar jar, int otlpHttpPort) throws java.io.IOException {
    return new ProcessBuilder(jar.command(SHOP_MAIN, shopArgs(otlpHttpPort, jar.home().toString())))
        .inheritIO()
        .start();
  }

  private void printTour(PrintWriter out, String ui) {
    String faultCommand =
        anyPorts
            ? DemoTour.FAULT_COMMAND
                + " --admin <the fault admin address in the \"shop ready\" line>"
            : DemoTour.FAULT_COMMAND;
    DemoTour.lines(ui, faultCommand).forEach(out::println);
    out.println("Ctrl-C stops everything.");
    out.flush();
  }

  /** The shop's flags as this command line asks for them. */
  List<String> shopArgs(int otlpHttpPort, String home) {
    List<String> args = shopArgs(otlpHttpPort, home, rate, duration, requests);
    if (noLoad) {
      args.add("--no-load");
    }
    if (anyPorts) {
      args.addAll(List.of("--fault-admin-port", "0"));
    }
    // The shop ends when this JVM does, even when killed outright (no shutdown hook runs then).
    args.add(SHOP_EXIT_WITH_PARENT);
    return args;
  }

  /** The shop's command-line flags for a server taking OTLP/HTTP on {@code otlpHttpPort}. */
  static List<String> shopArgs(
      int otlpHttpPort, String home, double rate, String duration, @Nullable Integer requests) {
    List<String> args = new ArrayList<>();
    args.add("--otlp-endpoint");
    args.add("http://127.0.0.1:" + otlpHttpPort);
    args.add("--repo-root");
    args.add(home);
    args.add("--rate");
    args.add(Double.toString(rate));
    args.add("--duration");
    args.add(duration);
    if (requests != null) {
      args.add("--requests");
      args.add(Integer.toString(requests));
    }
    return args;
  }
}
