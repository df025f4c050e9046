package dev.hopscope.demo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ArgsTest {
  @Test
  void readsValuesAndSwitches() {
    Args args = Args.parse(new String[] {"--port", "8080", "--stdout", "--delay", "100ms"});

    assertThat(args.getInt("port", 0)).isEqualTo(8080);
    assertThat(args.has("stdout")).isTrue();
    assertThat(args.getDuration("delay", Duration.ZERO)).isEqualTo(Duration.ofMillis(100));
    assertThat(args.get("missing", "fallback")).isEqualTo("fallback");
  }

  @Test
  void badInputNamesTheFlagAndTheFix() {
    assertThatThrownBy(() -> Args.parse(new String[] {"8080"}))
        .hasMessage("unexpected argument '8080': flags look like --name value");
    assertThatThrownBy(() -> Args.parse(new String[] {"--port", "eighty"}).getInt("port", 0))
        .hasMessage("--port must be an integer, got 'eighty'");
    assertThatThrownBy(() -> Args.parse(new String[0]).require("target"))
        .hasMessage("--target is required");
  }

  @Test
  void durationsTakeTheUnitsPeopleType() {
    assertThat(Durations.parse("d", "250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("d", "1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("d", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThatThrownBy(() -> Durations.parse("--delay", "100"))
        .hasMessage("--delay must be a duration such as 100ms, 30s or 2m, got '100'");
  }
}
