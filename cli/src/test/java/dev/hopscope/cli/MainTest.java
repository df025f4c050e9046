package dev.hopscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void helpListsEverySubcommand() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("serve", "cluster", "demo", "bench", "import", "export", "check");
  }

  @Test
  void versionNamesVersionAndCommit() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("hopscope 0.1.0-SNAPSHOT (commit ");
  }

  @Test
  void clusterHelpSaysWhatRunsAndWhere() {
    assertThat(run("cluster", "--help")).isZero();
    assertThat(out.toString().replaceAll("\\s+", " "))
        .contains("Kafka broker", "s3proxy", "2 distributors", "4317", "16686", "Ctrl-C")
        .contains("--data-dir", "--any-ports", "cli/target/cluster/");
  }

  @Test
  void clusterRefusesABadCycleNamingTheValueBeforeStartingAnything() {
    assertThat(run("cluster", "--cycle", "soon")).isEqualTo(1);
    assertThat(err.toString()).contains("hopscope cluster:", "\"soon\"", "ms, s, m, h or d");
    assertThat(out.toString()).doesNotContain("Starting");
  }

  @Test
  void demoHelpOffersTheCluster() {
    assertThat(run("demo", "--help")).isZero();
    assertThat(out.toString())
        .contains("--cluster", "--any-ports", "--distributors", "--live-stores", "--cycle");
  }

  @Test
  void missingCommandIsAUsageError() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("Missing command");
  }

  @Test
  void configCheckAcceptsAValidFileAndNamesTheTypoInAnInvalidOne(@TempDir Path dir)
      throws Exception {
    Path valid =
        Files.writeString(
            dir.resolve("valid.yaml"), "retention: 12h\nlimits:\n  maxSpansPerRequest: 500\n");
    assertThat(run("config", "check", valid.toString())).isZero();
    assertThat(out.toString()).contains("valid.yaml: valid");

    Path typo = Files.writeString(dir.resolve("typo.yaml"), "retention: 12h\nretension: 1h\n");
    assertThat(run("config", "check", typo.toString())).isEqualTo(1);
    assertThat(err.toString())
        .contains("typo.yaml", "line 2", "unknown key 'retension'", "did you mean 'retention'?");
  }

  @Test
  void configPrintSaysWhereEachValueCameFrom(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("hopscope.yaml"), "walSync: none\n");
    assertThat(run("config", "print", "--config", file.toString(), "--retention", "12h")).isZero();
    assertThat(out.toString())
        .containsPattern("(?m)^retention\\s+12h\\s+# flag$")
        .containsPattern("(?m)^walSync\\s+none\\s+# config key walSync in .*hopscope.yaml$")
        .containsPattern("(?m)^ports.otlpGrpc\\s+4317\\s+# default$")
        .containsPattern("(?m)^objectStorage.secretKey\\s+\\(not set\\)");
  }

  @Test
  void configPrintShowsEachTenantsOwnLimitsAndTheDefaultsItTakes(@TempDir Path dir)
      throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("hopscope.yaml"),
            "overrides:\n  acme:\n    limits: {maxSearchWindow: 30d}\n    retention: 30d\n");
    assertThat(run("config", "print", "--config", file.toString())).isZero();
    assertThat(out.toString())
        .containsPattern("(?m)^overrides.acme.limits.maxSearchWindow\\s+30d\\s+# config file .*")
        .containsPattern("(?m)^overrides.acme.retention\\s+30d\\s+# config file .*")
        .containsPattern("(?m)^overrides.acme.limits.tenantBytesPerSecond\\s+0\\s+# default$");
  }

  @Test
  void debugIsAcceptedAfterAnySubcommand() {
    assertThat(run("config", "print", "--debug")).isZero();
  }
}
