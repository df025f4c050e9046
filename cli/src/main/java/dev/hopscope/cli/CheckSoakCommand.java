package dev.hopscope.cli;

import dev.hopscope.testkit.SoakPlot;
import dev.hopscope.testkit.SoakRun;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a child server at a fixed rate and plots heap, p99 and disk over time.",
      "The server runs with -Xmx512m; samples every 10 s go to an HTML page of",
      "inline SVG charts."
    })
final class CheckSoakCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--minutes",
      defaultValue = "30",
      description = "How long (default ${DEFAULT-VALUE}).")
  double minutes;

  @Option(
      names = "--rate",
      defaultValue = "100",
      description = "Requests per second, 20 spans each (default ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--retention",
      paramLabel = "DURATION",
      description = "The server's retention, e.g. 2m to see the disk level off (default 7d).")
  @Nullable String retention;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "The HTML report (default ${DEFAULT-VALUE}).")
  Path report = Path.of("target/soak.html");

  @Option(
      names = "--server-jar",
      paramLabel = "JAR",
      description = "The server jar to run (default " + ServerJar.RELATIVE + ").")
  @Nullable Path serverJar;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (minutes <= 0 || rate <= 0) {
      spec.commandLine()
          .getErr()
          .println("hopscope check soak: --minutes and --rate must be positive");
      return 2;
    }
    Path work = Files.createTempDirectory("hopscope-soak");
    out.println("Soak in " + work + " (the data directory and server log stay there)");
    List<SoakRun.Sample> samples =
        new SoakRun(
                ServerJar.resolve(serverJar),
                work,
                1,
                retention == null ? List.of() : List.of("--retention", retention))
            .run(Duration.ofSeconds(Math.round(minutes * 60)), Duration.ofSeconds(10), rate, out);
    Path file = report.toAbsolutePath();
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        SoakPlot.html(
            String.format("Hopscope soak: %.0f requests/s for %.0f min", rate, minutes), samples));
    out.println("Wrote " + file);
    return 0;
  }
}
