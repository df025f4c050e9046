package dev.hopscope.query.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationsTest {
  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "1ns, 1",
    "1us, 1000",
    "1µs, 1000",
    "1.5ms, 1500000",
    "100ms, 100000000",
    "1.5s, 1500000000",
    "2h45m, 9900000000000",
    "1m30s, 90000000000",
    "-1s, -1000000000",
    "+2s, 2000000000",
    ".5s, 500000000"
  })
  void parsesGoDurations(String text, long nanos) {
    assertThat(GoDurations.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "1x", "s", "1.2.3s", "-", "1s5", "10 s"})
  void rejectsWithTheExpectedForm(String text) {
    assertThatThrownBy(() -> GoDurations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Go duration such as 100ms");
  }
}
