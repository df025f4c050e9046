package dev.hopscope.cli;

import dev.hopscope.testkit.OverloadTrial;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "overload",
    mixinStandardHelpOptions = true,
    description = {
      "Offers a child server four times the load it takes, then drops the load.",
      "The server runs with -Xmx512m and a 64 KiB in-flight budget. Checks: no OOM,",
      "429 with Retry-After, p99 of accepted requests, recovery within 5 s, every",
      "acknowledged span readable. Exit 1 when one fails."
    })
final class CheckOverloadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--seconds",
      defaultValue = "60",
      description = "How long to overload (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--server-jar",
      paramLabel = "JAR",
      description = "The server jar to run (default " + ServerJar.RELATIVE + ").")
  @Nullable Path serverJar;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path work = Files.createTempDirectory("hopscope-overload");
    out.println("Overload trial in " + work + " (the data directory and server log stay there)");
    OverloadTrial.Report report =
        new OverloadTrial(ServerJar.resolve(serverJar), work, seed)
            .run(Duration.ofSeconds(seconds), out);
    out.printf(
        "offered %.0f requests/s (capacity %.0f); sent %d, 429 %d (Retry-After on %d)%n",
        report.offeredRequestsPerSecond(),
        report.capacityRequestsPerSecond(),
        report.sent(),
        report.throttled(),
        report.retryAfterSeen());
    out.printf(
        "accepted p50 %.1f ms, p99 %.1f ms; peak heap %.0f MB; alive and healthy: %s%n",
        report.acceptedP50Micros() / 1e3,
        report.acceptedP99Micros() / 1e3,
        report.peakHeapBytes() / 1e6,
        report.aliveAndHealthy());
    out.printf(
        "recovered in %d ms; acknowledged spans %d, lost %d%n",
        report.recoveryMillis(), report.acknowledgedSpans(), report.lostSpans());
    boolean passed =
        report.aliveAndHealthy()
            && report.throttled() > 0
            && report.retryAfterSeen() > 0
            && report.recoveryMillis() >= 0
            && report.recoveryMillis() <= 5000
            && report.lostSpans() == 0;
    return passed ? 0 : 1;
  }
}
