package dev.hopscope.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "fault",
    mixinStandardHelpOptions = true,
    description = {
      "Injects latency or errors on a hop of the running demo shop, e.g.",
      "  ./hopscope demo fault --hop webapp-auth --delay 100ms",
      "  ./hopscope demo fault --hop webapp-auth --delay 0ms     (back to normal)",
      "Without --hop, prints the faults in force."
    })
final class FaultCommand implements Callable<Integer> {
  static final String FAULT_MAIN = "dev.hopscope.demo.fault.FaultClient";

  @Spec CommandSpec spec;

  @Option(
      names = "--hop",
      paramLabel = "HOP",
      description = "The hop: webapp-auth or webapp-database.")
  @Nullable String hop;

  @Option(
      names = "--delay",
      paramLabel = "DURATION",
      description = "Added to every request on the hop, e.g. 100ms.")
  @Nullable String delay;

  @Option(
      names = "--error-rate",
      paramLabel = "FRACTION",
      description = "Share of requests on the hop that fail, 0..1.")
  @Nullable Double errorRate;

  @Option(
      names = "--admin",
      paramLabel = "URL",
      description = "The shop's fault admin address (default: ${DEFAULT-VALUE}).")
  String admin = "http://127.0.0.1:16690";

  @Override
  public Integer call() throws Exception {
    DemoJar jar;
    try {
      jar = DemoJar.locate();
    } catch (IllegalStateException e) {
      spec.commandLine().getErr().println("hopscope demo fault: " + e.getMessage());
      return 1;
    }
    List<String> args = new ArrayList<>(List.of("--admin", admin));
    if (hop != null) {
      args.addAll(List.of("--hop", hop));
    }
    if (delay != null) {
      args.addAll(List.of("--delay", delay));
    }
    if (errorRate != null) {
      args.addAll(List.of("--error-rate", errorRate.toString()));
    }
    return new ProcessBuilder(jar.command(FAULT_MAIN, args)).inheritIO().start().waitFor();
  }
}
