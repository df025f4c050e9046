package dev.hopscope.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
  @TempDir Path dir;

  private Path file(String yaml) throws Exception {
    return Files.writeString(dir.resolve("hopscope.yaml"), yaml);
  }

  @Test
  void everyKnownKeyIsAcceptedFlatOrNested() throws Exception {
    assertThat(
            ConfigFile.read(
                file("retention: 12h\nlimits:\n  maxSpansPerRequest: 500\nports: {http: 8080}\n")))
        .containsKeys("retention", "limits", "ports");
  }

  @Test
  void aTypoIsRefusedWithItsLineAndTheKeyMeant() throws Exception {
    Path typo = file("# comment\nretension: 1h\n");
    assertThatThrownBy(() -> ConfigFile.read(typo))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(typo.toString())
        .hasMessageContaining("line 2: unknown key 'retension'; did you mean 'retention'?");
  }

  @Test
  void aTypoInsideASectionNamesTheWholeKey() throws Exception {
    assertThatThrownBy(() -> ConfigFile.read(file("limits:\n  maxSpansPerReqest: 5\n")))
        .hasMessageContaining(
            "line 2: unknown key 'limits.maxSpansPerReqest'; did you mean"
                + " 'limits.maxSpansPerRequest'?");
  }

  @Test
  void anUnknownSectionIsRefusedWithoutAGuessWhenNothingIsClose() throws Exception {
    assertThatThrownBy(() -> ConfigFile.read(file("retention: 7d\nexporters:\n  otlp: {}\n")))
        .hasMessageContaining("line 2: unknown key 'exporters'")
        .hasMessageNotContaining("did you mean");
  }

  @Test
  void everyUnknownKeyIsListedAtOnce() throws Exception {
    assertThatThrownBy(() -> ConfigFile.read(file("bnid: 0.0.0.0\nports:\n  htp: 1\n")))
        .hasMessageContaining("line 1: unknown key 'bnid'; did you mean 'bind'?")
        .hasMessageContaining("line 3: unknown key 'ports.htp'; did you mean 'ports.http'?");
  }

  @Test
  void anEmptyFileIsNoSettingsAndAListIsRefused() throws Exception {
    assertThat(ConfigFile.read(file("# nothing yet\n"))).isEmpty();
    assertThatThrownBy(() -> ConfigFile.read(file("- a\n- b\n")))
        .hasMessageContaining("must hold a YAML mapping");
  }
}
