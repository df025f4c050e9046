package dev.hopscope.cli;

import dev.hopscope.testkit.CrashTrials;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "crash",
    mixinStandardHelpOptions = true,
    description = {
      "Kills a loaded child server with SIGKILL and checks nothing acknowledged is lost.",
      "The server takes full-rate OTLP/HTTP load, is killed at seeded random moments",
      "and restarted; every span answered 200 must read back by id. Exit 1 on loss."
    })
final class CheckCrashCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--trials",
      defaultValue = "10",
      description = "Kills (default ${DEFAULT-VALUE}).")
  int trials;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--kill-window",
      paramLabel = "MIN_MS,MAX_MS",
      split = ",",
      description = "A kill comes this long after the load starts (default 500,4000).")
  long[] killWindow = {500, 4000};

  @Option(
      names = "--server-jar",
      paramLabel = "JAR",
      description = "The server jar to run (default " + ServerJar.RELATIVE + ").")
  @Nullable Path serverJar;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Where the data directory and server logs go (default: a new temp directory).")
  @Nullable Path workDir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path work = workDir != null ? workDir : Files.createTempDirectory("hopscope-crash");
    if (killWindow.length != 2) {
      spec.commandLine()
          .getErr()
          .println("hopscope check crash: --kill-window takes MIN_MS,MAX_MS");
      return 2;
    }
    out.printf("Crash trials in %s (seed %d)%n", work, seed);
    CrashTrials.Report report =
        new CrashTrials(ServerJar.resolve(serverJar), work, seed, killWindow[0], killWindow[1])
            .run(trials, out);
    out.printf(
        "trials %d, acknowledged spans %d, lost %d; requests cut by kills %d; offline check: %s%n",
        report.trials(),
        report.acknowledgedSpans(),
        report.lostSpans(),
        report.requestsFailedByKills(),
        report.offlineCheck().healthy() ? "no damage" : report.offlineCheck().problems());
    report.lostExamples().forEach(lost -> out.println("  lost " + lost));
    return report.passed() ? 0 : 1;
  }
}
