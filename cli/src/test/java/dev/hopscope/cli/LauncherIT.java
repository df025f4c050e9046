package dev.hopscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./hopscope} launcher's JDK discovery, run as a real process. */
class LauncherIT {
  private static final Path LAUNCHER = Path.of("..", "hopscope").toAbsolutePath().normalize();

  @TempDir Path empty;

  @Test
  void withoutAJdk21ItExitsOneAndSaysWhatToInstall() throws Exception {
    Result result = run(Map.of("JAVA_HOME", empty.toString(), "HOPSCOPE_JDK_DIRS", empty + "/*"));
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.stderr()).contains("no JDK >= 21 found").contains("Install one");
  }

  @Test
  void findsAnInstalledJdkWhenJavaHomeIsTooOldOrUnset() throws Exception {
    Path javaHome = Path.of(System.getProperty("java.home"));
    // The JDK running this test is >= 21; offer it only through the search path.
    Result result =
        run(Map.of("JAVA_HOME", empty.toString(), "HOPSCOPE_JDK_DIRS", javaHome.toString()));
    assertThat(result.exit()).as(result.stderr()).isZero();
    assertThat(result.stdout()).contains("hopscope ").contains("(commit ");
  }

  private record Result(int exit, String stdout, String stderr) {}

  private Result run(Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(List.of("bash", LAUNCHER.toString(), "--version"));
    builder.environment().putAll(env);
    Path out = empty.resolve("out.txt");
    Path err = empty.resolve("err.txt");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process process = builder.start();
    assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
