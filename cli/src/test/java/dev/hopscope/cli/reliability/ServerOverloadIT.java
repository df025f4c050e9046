package dev.hopscope.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.cli.ServerJarUnderTest;
import dev.hopscope.testkit.OverloadTrial;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four times capacity for 15 s against a 512 MB server with a 64 KiB in-flight budget: it stays up
 * and healthy, sheds load with 429 and Retry-After, answers a normal request within 5 s of the load
 * dropping, and keeps everything it acknowledged. {@code hopscope check overload --seconds 60} is
 * the full-length run.
 */
class ServerOverloadIT {
  @TempDir Path work;

  @Test
  void overloadIsShedAndSurvived() throws Exception {
    StringWriter log = new StringWriter();
    OverloadTrial.Report report =
        new OverloadTrial(ServerJarUnderTest.locate(), work, 7)
            .run(Duration.ofSeconds(15), new PrintWriter(log, true));
    System.out.println(log);
    System.out.println(report);
    assertThat(report.aliveAndHealthy()).isTrue();
    assertThat(report.throttled()).isPositive();
    assertThat(report.retryAfterSeen()).isPositive();
    assertThat(report.offeredRequestsPerSecond())
        .isGreaterThan(2 * report.capacityRequestsPerSecond());
    // Accepted requests wait for one group fsync, not behind a queue: bounded by seconds at worst.
    assertThat(report.acceptedP99Micros()).isLessThan(5_000_000);
    assertThat(report.peakHeapBytes()).isLessThan(512L << 20);
    assertThat(report.recoveryMillis()).isBetween(0L, 5_000L);
    assertThat(report.lostSpans()).isZero();
  }
}
