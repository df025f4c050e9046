package dev.hopscope.demo.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultTest {
  @Test
  void rejectsOutOfRangeValuesNamingTheField() {
    assertThatThrownBy(() -> new Fault(Duration.ofMillis(-1), 0))
        .hasMessage("delay must be between 0ms and 30000ms, got -1ms");
    assertThatThrownBy(() -> new Fault(Duration.ZERO, 1.5))
        .hasMessage("errorRate must be between 0 and 1, got 1.5");
    assertThatThrownBy(() -> new Fault(Duration.ZERO, Double.NaN))
        .hasMessageStartingWith("errorRate must be between 0 and 1");
  }

  @Test
  void hopsAreNamedCallerCallee() {
    assertThat(Hop.of("webapp-auth")).isEqualTo(Hop.WEBAPP_AUTH);
    assertThatThrownBy(() -> Hop.of("auth-webapp"))
        .hasMessage("unknown hop 'auth-webapp': use one of webapp-auth, webapp-database");
  }
}
