package dev.hopscope.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTemplateTest {
  @TempDir Path dir;

  @Test
  void asShippedEveryKeyIsCommentedOutSoEveryDefaultHolds() throws Exception {
    Path file = Files.writeString(dir.resolve("hopscope.yaml"), ConfigTemplate.text());
    assertThat(ConfigFile.read(file)).isEmpty();
  }

  @Test
  void uncommentedItNamesEverySettingWithItsDefault() throws Exception {
    String uncommented = ConfigTemplate.text().replaceAll("(?m)^(\\s*)#(?! )", "$1");
    Path file = Files.writeString(dir.resolve("hopscope.yaml"), uncommented);
    ConfigSources sources = ConfigSources.of(Map.of(), Map.of(), file);
    for (Setting setting : Setting.values()) {
      assertThat(sources.origin(setting)).as(setting.key()).startsWith("config key");
      assertThat(sources.get(setting)).as(setting.key()).isEqualTo(setting.defaultValue());
    }
    ServerConfig.from(sources); // and the defaults, written out, are a valid configuration
  }

  @Test
  void eachKeySaysWhatItMeansAndItsEnvironmentVariable() {
    String text = ConfigTemplate.text();
    for (Setting setting : Setting.values()) {
      assertThat(text).contains(setting.description() + " (" + setting.env() + ")");
    }
  }
}
