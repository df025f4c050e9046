package dev.hopscope.server.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hopscope.server.config.ConfigSources;
import dev.hopscope.server.config.Setting;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LogFormatTest {
  private static LogRecord record(Level level, String message, Object... params) {
    LogRecord record = new LogRecord(level, message);
    record.setLoggerName("dev.hopscope.store.embedded.Wal");
    record.setInstant(Instant.parse("2026-12-06T07:40:00.123Z"));
    record.setParameters(params);
    return record;
  }

  @Test
  void jsonIsOneObjectPerLineWithTheFieldsShippersRead() throws Exception {
    LogRecord record = record(Level.SEVERE, "segment {0}: bytes [{1}, {2}) lost", "7.wal", 10, 20);
    record.setThrown(new IllegalStateException("crc \"mismatch\"\nat 10"));
    String line = new JsonLogFormatter().format(record);

    assertThat(line).endsWith(System.lineSeparator());
    assertThat(line.strip()).doesNotContain("\n");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.get("time").asText()).isEqualTo("2026-12-06T07:40:00.123Z");
    assertThat(json.get("level").asText()).isEqualTo("ERROR");
    assertThat(json.get("logger").asText()).isEqualTo("dev.hopscope.store.embedded.Wal");
    assertThat(json.get("message").asText()).isEqualTo("segment 7.wal: bytes [10, 20) lost");
    assertThat(json.get("exception").asText())
        .startsWith("java.lang.IllegalStateException: crc \"mismatch\"\nat 10");
  }

  @Test
  void aRecordAboutOneTenantNamesItInItsOwnField() throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode about =
        json.readTree(
            new JsonLogFormatter()
                .format(record(Level.INFO, "tenant {0}: dropped {1} blocks", "acme", 3)));
    assertThat(about.get("tenant").asText()).isEqualTo("acme");
    assertThat(about.get("message").asText()).isEqualTo("tenant acme: dropped 3 blocks");
    JsonNode general =
        json.readTree(new JsonLogFormatter().format(record(Level.INFO, "listening on {0}", 4318)));
    assertThat(general.has("tenant")).isFalse();
  }

  @Test
  void textIsOneLineWithTheLevelPeopleSay() {
    String line = new TextLogFormatter().format(record(Level.WARNING, "disk {0}% full", 91));
    assertThat(line)
        .isEqualTo(
            "2026-12-06T07:40:00.123Z WARN  dev.hopscope.store.embedded.Wal - disk 91% full"
                + System.lineSeparator());
  }

  @Test
  void settingsChooseTheFormatAndLevelAndRefuseOthersByName() {
    LogSetup json =
        LogSetup.from(
            ConfigSources.of(
                Map.of(Setting.LOG_FORMAT, "JSON", Setting.LOG_LEVEL, "debug"), Map.of(), null));
    assertThat(json.format()).isEqualTo(LogSetup.Format.JSON);
    assertThat(json.level()).isEqualTo(Level.FINE);
    assertThat(LogSetup.from(ConfigSources.of(Map.of(), Map.of(), null)).level())
        .isEqualTo(Level.INFO);

    assertThatThrownBy(
            () ->
                LogSetup.from(
                    ConfigSources.of(Map.of(), Map.of("HOPSCOPE_LOG_FORMAT", "xml"), null)))
        .hasMessage(
            "log.format is 'xml' (environment variable HOPSCOPE_LOG_FORMAT); use text or json");
    assertThatThrownBy(
            () ->
                LogSetup.from(
                    ConfigSources.of(Map.of(Setting.LOG_LEVEL, "verbose"), Map.of(), null)))
        .hasMessageContaining(
            "log.level is 'verbose' (flag); use error, warn, info, debug or trace");
  }
}
