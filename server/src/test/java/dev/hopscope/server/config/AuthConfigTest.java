package dev.hopscope.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthConfigTest {
  @TempDir Path dir;

  private static ServerConfig from(Map<Setting, String> flags) {
    return ServerConfig.from(ConfigSources.of(flags, Map.of(), null));
  }

  @Test
  void loopbackWithoutTokensStartsAsToday() {
    assertThat(from(Map.of()).auth().tokensFile()).isEmpty();
    assertThat(from(Map.of(Setting.BIND, "localhost")).auth().tokensFile()).isEmpty();
    assertThat(from(Map.of(Setting.BIND, "::1")).auth().tokensFile()).isEmpty();
  }

  @Test
  void anExposedBindWithoutTokensRefusesToStartSayingWhyAndTheTwoWaysOut() {
    assertThatThrownBy(() -> from(Map.of(Setting.BIND, "0.0.0.0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bind = \"0.0.0.0\" (from flag)")
        .hasMessageContaining("no auth.tokensFile is set")
        .hasMessageContaining("could write to and read every tenant")
        .hasMessageContaining("auth.mode: none");
    assertThat(from(Map.of(Setting.BIND, "0.0.0.0", Setting.AUTH_MODE, "none")).auth())
        .matches(AuthConfig::explicitlyNone);
  }

  @Test
  void anExposedBindWithATokensFileStarts() throws Exception {
    Path file = Files.writeString(dir.resolve("tokens.yaml"), "[]");
    ServerConfig config =
        from(Map.of(Setting.BIND, "0.0.0.0", Setting.AUTH_TOKENS_FILE, file.toString()));
    assertThat(config.auth().tokensFile()).hasValue(file.toAbsolutePath());
  }

  @Test
  void contradictionsAndMissingFilesAreRefused() {
    assertThatThrownBy(
            () ->
                from(Map.of(Setting.AUTH_MODE, "none", Setting.AUTH_TOKENS_FILE, "/x/tokens.yaml")))
        .hasMessageContaining("contradicts auth.tokensFile");
    assertThatThrownBy(() -> from(Map.of(Setting.AUTH_TOKENS_FILE, "/nope/tokens.yaml")))
        .hasMessageContaining("there is no file /nope/tokens.yaml");
    assertThatThrownBy(() -> from(Map.of(Setting.AUTH_MODE, "open")))
        .hasMessageContaining("auth.mode = \"open\" (from flag) must be tokens or none");
  }
}
