package dev.hopscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code hopscope check}: the report and the exit codes scripts rely on. */
class CheckCommandTest {
  @TempDir Path data;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine command = new CommandLine(new HopscopeCommand());
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    return command.execute(args);
  }

  @Test
  void emptyDirectoryIsHealthy() {
    assertThat(run("check", "--data-dir", data.toString())).isZero();
    assertThat(out.toString()).contains("Checked 0 files").contains("No damage found.");
  }

  @Test
  void damagedManifestExitsOneAndNamesTheFile() throws IOException {
    Path tenant = Files.createDirectories(data.resolve("tenants").resolve("acme"));
    Path manifest = tenant.resolve("MANIFEST");
    Files.writeString(
        manifest, "hopscope-manifest 1\nwal-checkpoint 0\nnext-block 1\ncrc32c 12345678\n");
    assertThat(run("check", "--data-dir", data.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("DAMAGED: " + manifest).contains("fails its checksum");
  }

  @Test
  void withoutADirectoryOrSubcommandItSaysWhatToDo() {
    assertThat(run("check")).isEqualTo(2);
    assertThat(err.toString()).contains("--data-dir DIR, or a subcommand").contains("crash");
  }

  @Test
  void subcommandsHaveTheirOwnHelp() {
    assertThat(run("check", "crash", "--help")).isZero();
    assertThat(out.toString()).contains("--trials").contains("--seed").contains("--server-jar");
  }
}
