package dev.hopscope.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.cli.ServerJarUnderTest;
import dev.hopscope.testkit.CrashTrials;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hopscope check crash} in small: three SIGKILLs of a server under full-rate OTLP/HTTP load.
 * Every span answered 200 reads back after each restart, and the data directory passes the offline
 * check at the end. The store-level {@code CrashRecoveryIT} kills an ingester process; this one
 * kills the whole server, HTTP receivers and all.
 */
class CrashRecoveryServerIT {
  @TempDir Path work;

  @Test
  void acknowledgedSpansSurviveKillNine() throws Exception {
    StringWriter log = new StringWriter();
    CrashTrials.Report report =
        new CrashTrials(ServerJarUnderTest.locate(), work, 11, 300, 1500)
            .run(3, new PrintWriter(log, true));
    System.out.println(log);
    System.out.printf(
        "crash trials %d, acknowledged %d, lost %d%n",
        report.trials(), report.acknowledgedSpans(), report.lostSpans());
    assertThat(report.trials()).isEqualTo(3);
    assertThat(report.acknowledgedSpans()).isPositive();
    assertThat(report.lostSpans()).as("lost: %s", report.lostExamples()).isZero();
    assertThat(report.offlineCheck().problems()).isEmpty();
  }
}
