package dev.hopscope.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the {@link Setting} enum in words, row for row. */
class ReadmeTableTest {
  @Test
  void theReadmeListsEverySettingWithItsVariableAndDefault() throws Exception {
    Path readme = Path.of("..", "README.md");
    List<String> rows =
        Files.readAllLines(readme).stream()
            .filter(line -> line.startsWith("| `") && line.contains("`HOPSCOPE_"))
            .toList();
    List<String> expected =
        Arrays.stream(Setting.values())
            .map(
                s ->
                    "| `"
                        + s.key()
                        + "` | `"
                        + s.env()
                        + "` | `"
                        + s.defaultValue()
                        + "` | "
                        + s.description()
                        + " |")
            .toList();
    assertThat(rows).containsExactlyElementsOf(expected);
  }
}
