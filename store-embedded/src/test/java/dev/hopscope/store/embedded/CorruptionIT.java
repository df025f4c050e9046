package dev.hopscope.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.embedded.internal.wal.WalSegments;
import dev.hopscope.store.testing.TraceFixtures;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage on disk: a torn last WAL record is cut with a log line; a flipped bit quarantines a block.
 */
class CorruptionIT {
  private static final String TENANT = "acme";

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
        EmbeddedStoreConfig.builder(directory)
            .rowGroupRows(32)
            .maintenanceInterval(Duration.ZERO)
            .build());
  }

  @Test
  void tornLastWalRecordIsCutAndEverythingBeforeItServed() throws IOException {
    List<Trace> first = TraceFixtures.randomTraces(1, 30);
    List<Trace> second = TraceFixtures.randomTraces(2, 30);
    try (EmbeddedTraceStore store = open()) {
      store.write(TENANT, TraceFixtures.batchOf(first)).join();
      store.write(TENANT, TraceFixtures.batchOf(second)).join();
    }
    Path segment = onlyWalSegment();
    long intact = Files.size(segment);
    // A crash while appending: a record header and part of its payload made it to disk.
    WalFaults.appendTornRecord(segment, 108);
    try (EmbeddedTraceStore store = open()) {
      for (Trace trace : first) {
        assertThat(store.trace(TENANT, trace.traceId())).contains(trace);
      }
      for (Trace trace : second) {
        assertThat(store.trace(TENANT, trace.traceId())).contains(trace);
      }
    }
    assertThat(Files.size(segment)).isEqualTo(intact);
    assertThat(logs.lines())
        .anyMatch(line -> line.contains("torn tail") && line.contains(segment.toString()));
  }

  @Test
  void recordCutShortIsDroppedAndEarlierRecordsKept() throws IOException {
    List<Trace> first = TraceFixtures.randomTraces(3, 20);
    List<Trace> second = TraceFixtures.randomTraces(4, 20);
    try (EmbeddedTraceStore store = open()) {
      store.write(TENANT, TraceFixtures.batchOf(first)).join();
      store.write(TENANT, TraceFixtures.batchOf(second)).join();
    }
    Path segment = onlyWalSegment();
    try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
      file.setLength(file.length() - 7);
    }
    try (EmbeddedTraceStore store = open()) {
      for (Trace trace : first) {
        assertThat(store.trace(TENANT, trace.traceId())).contains(trace);
      }
      assertThat(store.trace(TENANT, second.getFirst().traceId())).isEmpty();
      // The store keeps accepting writes after the cut.
      store.write(TENANT, TraceFixtures.batchOf(second)).join();
      assertThat(store.trace(TENANT, second.getFirst().traceId())).contains(second.getFirst());
    }
  }

  private Path onlyWalSegment() throws IOException {
    Path wal = directory.resolve("tenants").resolve(TENANT).resolve("wal");
    List<Long> ids = WalSegments.list(wal);
    List<Path> nonEmpty = new ArrayList<>();
    for (long id : ids) {
      Path path = WalSegments.path(wal, id);
      if (Files.size(path) > 12) {
        nonEmpty.add(path);
      }
    }
    assertThat(nonEmpty).hasSize(1);
    return nonEmpty.getFirst();
  }

  @Test
  void flippedBitAtStartupQuarantinesOnlyThatBlock() throws IOException {
    List<Trace> damaged = TraceFixtures.randomTraces(5, 40);
    List<Trace> healthy = TraceFixtures.randomTraces(6, 40);
    Path damagedBlock;
    try (EmbeddedTraceStore store = open()) {
      store.write(TENANT, TraceFixtures.batchOf(damaged)).join();
      store.flush();
      damagedBlock = blockFiles().getFirst();
      store.write(TENANT, TraceFixtures.batchOf(healthy)).join();
      store.flush();
    }
    flipBit(damagedBlock, Files.size(damagedBlock) / 2);
    try (EmbeddedTraceStore store = open()) {
      for (Trace trace : healthy) {
        assertThat(store.trace(TENANT, trace.traceId())).contains(trace);
      }
      assertThat(store.trace(TENANT, damaged.getFirst().traceId())).isEmpty();
      assertThat(store.stats().quarantinedBlocks()).isEqualTo(1);
      assertThat(store.stats().tenants().get(TENANT).blocks()).isEqualTo(1);
      assertThat(store.check().isHealthy()).isTrue();
    }
    Path quarantined =
        directory
            .resolve("tenants")
            .resolve(TENANT)
            .resolve("quarantine")
            .resolve(damagedBlock.getFileName());
    assertThat(quarantined).exists();
    assertThat(damagedBlock).doesNotExist();
    assertThat(logs.lines())
        .anyMatch(
            line ->
                line.contains("quarantined")
                    && line.contains(damagedBlock.getFileName().toString()));
  }

  @Test
  void bitFlippedWhileServingQuarantinesTheBlockOnFirstRead() throws IOException {
    List<Trace> damaged = TraceFixtures.randomTraces(7, 40);
    List<Trace> healthy = TraceFixtures.randomTraces(8, 40);
    try (EmbeddedTraceStore store = open()) {
      store.write(TENANT, TraceFixtures.batchOf(damaged)).join();
      store.flush();
      Path damagedBlock = blockFiles().getFirst();
      store.write(TENANT, TraceFixtures.batchOf(healthy)).join();
      store.flush();
      // Inside the first column chunk (trace ids of row group 0), which every lookup reads.
      flipBit(damagedBlock, 12 + 3);
      // The smallest trace id sorts into row group 0, whose chunk the flipped bit is in.
      TraceId lookup = damaged.stream().map(Trace::traceId).sorted().findFirst().orElseThrow();
      assertThat(store.trace(TENANT, lookup)).isEmpty();
      assertThat(store.stats().quarantinedBlocks()).isEqualTo(1);
      for (Trace trace : healthy) {
        assertThat(store.trace(TENANT, trace.traceId())).contains(trace);
      }
      try (Stream<Trace> results =
          store.search(
              TENANT, dev.hopscope.store.SearchRequest.of(dev.hopscope.store.TimeRange.ALL))) {
        assertThat(results.map(Trace::traceId).toList())
            .containsExactlyInAnyOrderElementsOf(healthy.stream().map(Trace::traceId).toList());
      }
    }
  }

  private List<Path> blockFiles() throws IOException {
    try (Stream<Path> files =
        Files.list(directory.resolve("tenants").resolve(TENANT).resolve("blocks"))) {
      return files.sorted().toList();
    }
  }

  private static void flipBit(Path file, long offset) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(offset);
      int value = raf.read();
      raf.seek(offset);
      raf.write(value ^ 0x10);
    }
  }
}
