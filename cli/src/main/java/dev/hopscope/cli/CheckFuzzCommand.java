package dev.hopscope.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "fuzz",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the Jazzer fuzz targets for real (needs the source tree and Maven).",
      "Compiles the tests of otlp, query and store-embedded, then runs each target with",
      "Jazzer's standalone driver for its share of the time, growing a corpus in",
      "<module>/<build-dir>/fuzz-corpus/. Crashes and slow inputs land in",
      ".../fuzz-findings/; copy one into the target's seed directory to keep it",
      "as a regression test.",
      "Exit 1 on a crash. Targets: otlp-protobuf otlp-json zipkin-json traceql",
      "block-mutated block-resealed."
    })
final class CheckFuzzCommand implements Callable<Integer> {
  private static final Pattern DONE = Pattern.compile("^Done (\\d+) runs in (\\d+) second");

  @Spec CommandSpec spec;

  @Option(
      names = "--minutes",
      defaultValue = "6",
      description = "Total fuzzing time, split evenly across targets (default ${DEFAULT-VALUE}).")
  double minutes;

  @Option(
      names = "--target",
      paramLabel = "NAME",
      split = ",",
      description = "Only these targets (default: all).")
  @Nullable List<String> targets;

  @Option(
      names = "--build-dir",
      description =
          "Maven output directory name, as -Dhopscope.buildDir (default ${DEFAULT-VALUE}).")
  String buildDir = "target";

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<FuzzTarget> chosen = choose(err);
    if (chosen == null) {
      return 2;
    }
    if (minutes <= 0) {
      err.println("hopscope check fuzz: --minutes must be positive");
      return 2;
    }
    Path home = ServerJar.home();
    if (!Files.isExecutable(home.resolve("mvnw"))) {
      err.println(
          "hopscope check fuzz: needs the source tree; "
              + home
              + " has no mvnw. Run it from the repository root.");
      return 2;
    }
    Set<String> modules = new LinkedHashSet<>();
    chosen.forEach(t -> modules.add(t.module()));
    out.println("Compiling the fuzz tests of " + String.join(", ", modules) + " ...");
    out.flush();
    if (compile(home, modules) != 0) {
      err.println("hopscope check fuzz: the Maven build failed (output above)");
      return 1;
    }
    long seconds = Math.max(10, Math.round(minutes * 60 / chosen.size()));
    boolean crashed = false;
    for (FuzzTarget target : chosen) {
      out.printf("%-15s fuzzing for %d s ...%n", target.name(), seconds);
      out.flush();
      Result result = fuzz(home, target, seconds);
      out.printf(
          "%-15s %,d executions in %d s, exit %d%s%n",
          target.name(),
          result.runs(),
          result.seconds(),
          result.exitCode(),
          result.exitCode() == 0 ? "" : " - CRASH, see " + result.log());
      crashed |= result.exitCode() != 0;
      for (Path artifact : result.artifacts()) {
        // libFuzzer keeps going after a slow input (exit 0) but writes it down: often a DoS.
        out.printf("%-15s finding: %s%n", target.name(), artifact);
      }
    }
    return crashed ? 1 : 0;
  }

  /** The targets --target names, all without it; null after naming an unknown one on err. */
  private @Nullable List<FuzzTarget> choose(PrintWriter err) {
    if (targets == null || targets.isEmpty()) {
      return FuzzTarget.ALL;
    }
    List<FuzzTarget> chosen = new ArrayList<>();
    for (String name : targets) {
      FuzzTarget match =
          FuzzTarget.ALL.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
      if (match == null) {
        err.println(
            "hopscope check fuzz: unknown target "
                + name
                + "; choose from "
                + FuzzTarget.ALL.stream().map(FuzzTarget::name).toList());
        return null;
      }
      chosen.add(match);
    }
    return chosen;
  }

  private int compile(Path home, Set<String> modules) throws IOException, InterruptedException {
    List<String> command =
        List.of(
            home.resolve("mvnw").toString(),
            "-q",
            "-B",
            "-pl",
            String.join(",", modules),
            "-am",
            "test-compile",
            "dependency:build-classpath",
            "-Dmdep.includeScope=test",
            "-Dmdep.outputFile=${project.build.directory}/fuzz-classpath.txt",
            "-Dhopscope.buildDir=" + buildDir,
            "-Dspotless.check.skip=true");
    ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).inheritIO();
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    return builder.start().waitFor();
  }

  private record Result(long runs, long seconds, int exitCode, Path log, List<Path> artifacts) {}

  private Result fuzz(Path home, FuzzTarget target, long seconds)
      throws IOException, InterruptedException {
    Path build = home.resolve(target.module()).resolve(buildDir);
    String classpath =
        build.resolve("classes")
            + ":"
            + build.resolve("test-classes")
            + ":"
            + Files.readString(build.resolve("fuzz-classpath.txt")).trim();
    Path corpus = Files.createDirectories(build.resolve("fuzz-corpus").resolve(target.method()));
    Path findings = Files.createDirectories(build.resolve("fuzz-findings"));
    Path log = findings.resolve(target.name() + ".log");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-cp", classpath, "com.code_intelligence.jazzer.Jazzer"));
    command.add("--target_class=" + target.testClass());
    command.add("--target_method=" + target.method());
    if (!target.regexHook()) {
      command.add("--disabled_hooks=com.code_intelligence.jazzer.sanitizers.RegexInjection");
    }
    command.add("-max_total_time=" + seconds);
    command.add("-artifact_prefix=" + findings.resolve(target.name() + "-"));
    command.add(corpus.toString());
    command.add(target.seeds(home).toString());
    Set<Path> before = artifacts(findings, target);
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int exit = process.waitFor();
    long runs = 0;
    long took = 0;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(Files.newInputStream(log), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        Matcher done = DONE.matcher(line);
        if (done.find()) {
          runs = Long.parseLong(done.group(1));
          took = Long.parseLong(done.group(2));
        }
      }
    }
    List<Path> found = new ArrayList<>(artifacts(findings, target));
    found.removeAll(before);
    return new Result(runs, took, exit, log, found);
  }

  /** Crash, slow-unit, timeout and OOM inputs libFuzzer wrote for this target so far. */
  private static Set<Path> artifacts(Path findings, FuzzTarget target) throws IOException {
    try (var files = Files.list(findings)) {
      return files
          .filter(file -> file.getFileName().toString().startsWith(target.name() + "-"))
          .filter(file -> !file.getFileName().toString().endsWith(".log"))
          .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
  }
}
