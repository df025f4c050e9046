package dev.hopscope.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Trace;
import dev.hopscope.store.embedded.internal.wal.WalSegments;
import dev.hopscope.store.testing.TraceFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged byte in the middle of the WAL costs the one record it lands in: every acknowledged
 * write after it is still served after a restart, and the loss is reported with its byte range by
 * the store, its log and the offline check alike.
 */
class WalDamageIT {
  private static final String TENANT = "acme";
  private static final int REQUESTS = 1000;

  @TempDir Path directory;
  private LogCapture logs;

  @BeforeEach
  void captureLogs() {
    logs = LogCapture.start();
  }

  @AfterEach
  void releaseLogs() {
    logs.close();
  }

  private EmbeddedTraceStore open() {
    return EmbeddedTraceStore.open(
        EmbeddedStoreConfig.builder(directory).maintenanceInterval(Duration.ZERO).build());
  }

  @Test
  void aFlippedByteInTheMiddleOfTheWalLosesOnlyItsRecordAndIsReportedWithItsRange()
      throws IOException {
    List<Trace> traces = TraceFixtures.randomTraces(21, REQUESTS);
    try (EmbeddedTraceStore store = open()) {
      // One acknowledged request per trace: each is one WAL record.
      for (Trace trace : traces) {
        store.write(TENANT, TraceFixtures.batchOf(List.of(trace))).join();
      }
    }
    Path segment = onlyNonEmptySegment();
    long size = Files.size(segment);
    WalFaults.flipBit(segment, size / 2);

    DataDirectoryReport offline = DataDirectoryVerifier.verify(directory);
    assertThat(offline.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.file()).isEqualTo(segment));

    List<Trace> missing = new ArrayList<>();
    WalDamage reported;
    try (EmbeddedTraceStore store = open()) {
      for (Trace trace : traces) {
        if (store.trace(TENANT, trace.traceId()).filter(trace::equals).isEmpty()) {
          missing.add(trace);
        }
      }
      assertThat(store.walDamage()).containsOnlyKeys(TENANT);
      reported = store.walDamage().get(TENANT).getFirst();
      assertThat(store.walDamage().get(TENANT)).hasSize(1);
      StoreStats.TenantStats stats = store.stats().tenants().get(TENANT);
      assertThat(stats.walDamagedRanges()).isEqualTo(1);
      assertThat(stats.walSpansLost()).isEqualTo(missing.getFirst().spans().size());
      assertThat(stats.headSpans())
          .isEqualTo(traces.stream().mapToLong(t -> t.spans().size()).sum() - stats.walSpansLost());
    }
    // Everything but the damaged record is served.
    assertThat(missing).hasSize(1);
    assertThat(reported.kind()).isEqualTo(WalDamage.Kind.DAMAGED);
    assertThat(reported.fromByte()).isLessThanOrEqualTo(size / 2);
    assertThat(reported.toByte()).isGreaterThan(size / 2);
    assertThat(reported.spans()).isEqualTo(missing.getFirst().spans().size());
    // The offline check names the same range before the start does.
    assertThat(offline.problems().getFirst().message())
        .contains("bytes [" + reported.fromByte() + ", " + reported.toByte() + ")");
    // The log names it too; the segment is untouched and a copy is in quarantine.
    assertThat(logs.lines())
        .anyMatch(
            line ->
                line.contains("WAL damage")
                    && line.contains("bytes [" + reported.fromByte() + ", " + reported.toByte())
                    && line.contains(reported.spans() + " spans"));
    assertThat(Files.size(segment)).isEqualTo(size);
    Path copy =
        directory
            .resolve("tenants")
            .resolve(TENANT)
            .resolve("quarantine")
            .resolve(segment.getFileName() + ".damaged");
    assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(segment));

    // Once cut into a block, the damaged segment is gone and a further restart is clean.
    try (EmbeddedTraceStore store = open()) {
      store.flush();
    }
    try (EmbeddedTraceStore store = open()) {
      assertThat(store.walDamage()).isEmpty();
      assertThat(store.stats().quarantinedBlocks()).isZero();
      for (Trace trace : traces) {
        if (!missing.contains(trace)) {
          assertThat(store.trace(TENANT, trace.traceId())).contains(trace);
        }
      }
    }
  }

  private Path onlyNonEmptySegment() throws IOException {
    Path wal = directory.resolve("tenants").resolve(TENANT).resolve("wal");
    List<Path> nonEmpty = new ArrayList<>();
    for (long id : WalSegments.list(wal)) {
      Path path = WalSegments.path(wal, id);
      if (Files.size(path) > 12) {
        nonEmpty.add(path);
      }
    }
    assertThat(nonEmpty).hasSize(1);
    return nonEmpty.getFirst();
  }
}
