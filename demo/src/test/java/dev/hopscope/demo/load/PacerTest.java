package dev.hopscope.demo.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.demo.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {
  private final FakeClock clock = new FakeClock();

  @Test
  void sendsAtEvenlySpacedTimesForTheDuration() throws Exception {
    List<Long> sentAtMillis = new ArrayList<>();
    long sent =
        new Pacer(10, Duration.ofSeconds(1), Long.MAX_VALUE, clock)
            .run(i -> sentAtMillis.add(clock.nowMillis()));

    assertThat(sent).isEqualTo(10);
    assertThat(sentAtMillis)
        .containsExactly(0L, 100L, 200L, 300L, 400L, 500L, 600L, 700L, 800L, 900L);
  }

  @Test
  void stopsAtTheRequestLimitBeforeTheDuration() throws Exception {
    long sent = new Pacer(100, Duration.ofMinutes(1), 25, clock).run(i -> {});

    assertThat(sent).isEqualTo(25);
    assertThat(clock.nowMillis()).isEqualTo(240);
  }

  @Test
  void aSlowSendDoesNotLowerTheOfferedRate() throws Exception {
    List<Long> sentAtMillis = new ArrayList<>();
    new Pacer(10, Duration.ofMillis(500), Long.MAX_VALUE, clock)
        .run(
            i -> {
              sentAtMillis.add(clock.nowMillis());
              if (i == 1) {
                clock.advanceMillis(250); // a send that blocks far past its slot
              }
            });

    // Sends that fell behind go out at once, then the schedule resumes: open loop, no drift.
    assertThat(sentAtMillis).containsExactly(0L, 100L, 350L, 350L, 400L);
  }

  @Test
  void fractionalRatesDoNotAccumulateRoundingDrift() throws Exception {
    long sent = new Pacer(3, Duration.ofSeconds(100), Long.MAX_VALUE, clock).run(i -> {});

    assertThat(sent).isEqualTo(300);
    assertThat(clock.parkedUntil().get(299)).isEqualTo(99_666_666_667L);
  }

  @Test
  void rejectsANonPositiveRateWithTheField() {
    assertThatThrownBy(() -> new Pacer(0, Duration.ofSeconds(1), 1, clock))
        .hasMessageContaining("rate must be between 0 and 10000");
  }
}
