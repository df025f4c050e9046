package dev.hopscope.demo.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LoadStatsTest {
  private static final long MS = 1_000_000L;

  @Test
  void statusSaysElapsedTimeCountsAndMeanLatency() {
    LoadStats stats = new LoadStats();
    for (int i = 0; i < 4; i++) {
      stats.sent();
    }
    stats.finished(200, 10 * MS);
    stats.finished(200, 20 * MS);
    stats.finished(401, 3 * MS);

    assertThat(stats.status(65_400 * MS))
        .isEqualTo("load 1:05  sent 4  ok 2  4xx 1  errors 0  mean 11.0 ms  in flight 1");
  }

  @Test
  void lateSendsAppearOnlyWhenThereWereAny() {
    LoadStats stats = new LoadStats();
    stats.sent();
    stats.late();
    stats.finished(ShopClient.NO_RESPONSE, 5 * MS);

    assertThat(stats.status(0))
        .isEqualTo("load 0:00  sent 1  ok 0  4xx 0  errors 1  late 1  mean 5.0 ms  in flight 0");
  }

  @Test
  void aDemoRunsStatusFitsAnEightyColumnTerminal() {
    // Thirty minutes at 20/s with the shop's mix (1 in 25 rejected), seeded latencies.
    LoadStats stats = new LoadStats();
    Random random = new Random(5);
    for (int i = 0; i < 36_000; i++) {
      stats.sent();
      stats.finished(i % 25 == 0 ? 401 : 200, (2 + random.nextInt(40)) * MS);
    }
    for (int i = 0; i < 8; i++) {
      stats.sent();
    }

    assertThat(stats.status(29 * 60_000 * MS + 59_000 * MS))
        .startsWith("load 29:59  sent 36008  ok 34560  4xx 1440  errors 0  mean ")
        .endsWith(" ms  in flight 8")
        .hasSizeLessThanOrEqualTo(StatusLine.TERMINAL_WIDTH);
  }
}
