package dev.hopscope.server.cli;

import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.server.local.LocalCluster;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

  @Spec CommandSpec spec;

  @Mixin ServerOptions server;

  @Option(
      names = "--cluster",
      description =
          "Run the shop against a local cluster (`hopscope cluster`: Kafka, s3proxy and every"
              + " role as processes, files under --data-dir, default ./"
              + ClusterCommand.DEFAULT_DIRECTORY
              + ") instead of one server: spans go to a distributor, the UI is the querier's.")
  boolean cluster;

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
      defaultValue = DEFAULT_DURATION,
      description =
          "How long the load runs before it stops by itself, e.g. 90s, 10m (default: ${DEFAULT-VALUE}).")
  String duration;

  @Option(
      names = "--requests",
      paramLabel = "N",
      description = "Stop the load after this many requests.")
  Integer requests;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DemoJar jar;
    ServerConfig config;
    try {
      jar = DemoJar.locate();
      config = server.toConfig(System.getenv());
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("hopscope demo: " + e.getMessage());
      return 1;
    }
    if (cluster) {
      return runOnCluster(jar, out, err);
    }
    HopscopeServer hopscope = HopscopeServer.start(config);
    Process shop;
    try {
      shop =
          new ProcessBuilder(jar.command(SHOP_MAIN, shopArgs(hopscope, jar))).inheritIO().start();
    } catch (RuntimeException | java.io.IOException e) {
      hopscope.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopShop(shop);
                  hopscope.close();
                  stopped.countDown();
                },
                "hopscope-demo-shutdown"));
    ServeCommand.printAddresses(out, hopscope);
    out.println();
    DemoTour.lines(hopscope.uiAddress()).forEach(out::println);
    out.println("Ctrl-C stops everything.");
    out.flush();
    int shopExit = shop.waitFor();
    if (shopExit != 0) {
      err.println("hopscope demo: the shop exited with code " + shopExit + "; its output is above");
      return 1;
    }
    stopped.await();
    return 0;
  }

  private List<String> shopArgs(HopscopeServer hopscope, DemoJar jar) {
    return shopArgs(hopscope.otlpHttpPort(), jar);
  }

  private List<String> shopArgs(int otlpHttpPort, DemoJar jar) {
    List<String> args = shopArgs(otlpHttpPort, jar.home().toString(), rate, duration, requests);
    if (noLoad) {
      args.add("--no-load");
    }
    return args;
  }

  /** The shop against a local cluster: OTLP to the first distributor, the querier's UI. */
  private int runOnCluster(DemoJar jar, PrintWriter out, PrintWriter err) throws Exception {
    Path directory =
        server.dataDir != null
            ? Path.of(server.dataDir)
            : Path.of(ClusterCommand.DEFAULT_DIRECTORY);
    LocalCluster.Spec clusterSpec =
        LocalCluster.Spec.standard(ServerJar.running(null), directory)
            .withPorts(
                server.otlpHttpPort != null || server.httpPort != null
                    ? LocalCluster.Ports.any()
                    : LocalCluster.Ports.usual());
    out.println("Starting Kafka, s3proxy and the roles (half a minute to a few minutes)...");
    out.flush();
    LocalCluster localCluster = ClusterCommand.startOrExplain(clusterSpec, err);
    if (localCluster == null) {
      return 1;
    }
    int otlpHttpPort = URI.create(localCluster.member("distributor-1").otlpHttp()).getPort();
    Process shop;
    try {
      shop =
          new ProcessBuilder(jar.command(SHOP_MAIN, shopArgs(otlpHttpPort, jar)))
              .inheritIO()
              .start();
    } catch (RuntimeException | java.io.IOException e) {
      localCluster.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopShop(shop);
                  localCluster.close();
                  stopped.countDown();
                },
                "hopscope-demo-shutdown"));
    ClusterCommand.print(out, localCluster);
    out.println();
    DemoTour.lines(localCluster.member("querier-1").api() + "/").forEach(out::println);
    out.println("Ctrl-C stops everything.");
    out.flush();
    int shopExit = shop.waitFor();
    if (shopExit != 0) {
      err.println("hopscope demo: the shop exited with code " + shopExit + "; its output is above");
      return 1;
    }
    stopped.await();
    return 0;
  }

  /** The shop's command-line flags for a server taking OTLP/HTTP on {@code otlpHttpPort}. */
  static List<String> shopArgs(
      int otlpHttpPort, String home, double rate, String duration, Integer requests) {
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

  /** Asks the shop to stop (it stops its children), then insists. */
  private static void stopShop(Process shop) {
    shop.destroy();
    try {
      if (!shop.waitFor(15, TimeUnit.SECONDS)) {
        shop.descendants().forEach(ProcessHandle::destroyForcibly);
        shop.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
