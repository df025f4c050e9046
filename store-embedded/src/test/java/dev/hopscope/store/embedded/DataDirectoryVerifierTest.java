package dev.hopscope.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.store.embedded.internal.wal.WalSegments;
import dev.hopscope.store.testing.TraceFixtures;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline check finds the same damage the store quarantines or cuts, and changes nothing. */
class DataDirectoryVerifierTest {
  private static final String TENANT = "acme";

  @TempDir Path directory;
  private Path tenant;

  @BeforeEach
  void writeBlocksAndWal() {
    tenant = directory.resolve("tenants").resolve(TENANT);
    try (EmbeddedTraceStore store =
        EmbeddedTraceStore.open(
            EmbeddedStoreConfig.builder(directory)
                .rowGroupRows(16)
                .maintenanceInterval(Duration.ZERO)
                .build())) {
      store.write(TENANT, TraceFixtures.batchOf(TraceFixtures.randomTraces(1, 20))).join();
      store.flush();
      store.write(TENANT, TraceFixtures.batchOf(TraceFixtures.randomTraces(2, 20))).join();
      store.flush();
      store.write(TENANT, TraceFixtures.batchOf(TraceFixtures.randomTraces(3, 20))).join();
    }
  }

  @Test
  void intactDirectoryIsHealthy() throws IOException {
    DataDirectoryReport report = DataDirectoryVerifier.verify(directory);
    assertThat(report.problems()).isEmpty();
    assertThat(report.healthy()).isTrue();
    // The manifest, at least one WAL segment and two blocks.
    assertThat(report.filesChecked()).isGreaterThanOrEqualTo(4);
    assertThat(report.bytesChecked()).isPositive();
  }

  @Test
  void flippedBitInABlockIsAProblemNamingTheFile() throws IOException {
    Path block = files(tenant.resolve("blocks")).getFirst();
    byte[] before = Files.readAllBytes(block);
    flipBit(block, Files.size(block) / 2);
    DataDirectoryReport report = DataDirectoryVerifier.verify(directory);
    assertThat(report.healthy()).isFalse();
    assertThat(report.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.file()).isEqualTo(block));
    // Offline means offline: the file is neither moved nor repaired.
    assertThat(block).exists();
    assertThat(Files.readAllBytes(block)).isNotEqualTo(before);
  }

  @Test
  void damagedManifestIsAProblem() throws IOException {
    Path manifest = tenant.resolve("MANIFEST");
    flipBit(manifest, 25);
    DataDirectoryReport report = DataDirectoryVerifier.verify(directory);
    assertThat(report.problems()).anySatisfy(p -> assertThat(p.file()).isEqualTo(manifest));
  }

  @Test
  void tornTailOfTheNewestSegmentIsANoteNotDamage() throws IOException {
    Path wal = tenant.resolve("wal");
    Path newest = WalSegments.path(wal, WalSegments.list(wal).getLast());
    long size = Files.size(newest);
    appendTornRecord(newest);
    DataDirectoryReport report = DataDirectoryVerifier.verify(directory);
    assertThat(report.healthy()).isTrue();
    assertThat(report.notes())
        .anySatisfy(
            n -> {
              assertThat(n.file()).isEqualTo(newest);
              assertThat(n.message()).contains("torn tail");
            });
    assertThat(Files.size(newest)).isEqualTo(size + 108);
  }

  private static void appendTornRecord(Path segment) throws IOException {
    WalFaults.appendTornRecord(segment, 108);
  }

  @Test
  void aTornTailBeforeANewerSegmentIsANoteAsAFullDiskLeavesIt() throws IOException {
    // After a failed write the WAL abandons the segment and goes on in the next one.
    Path wal = tenant.resolve("wal");
    Path older = WalSegments.path(wal, WalSegments.list(wal).getLast());
    Path newer = WalSegments.path(wal, WalSegments.list(wal).getLast() + 1);
    Files.copy(older, newer);
    appendTornRecord(older);
    DataDirectoryReport report = DataDirectoryVerifier.verify(directory);
    assertThat(report.healthy()).isTrue();
    assertThat(report.notes())
        .anySatisfy(
            n -> {
              assertThat(n.file()).isEqualTo(older);
              assertThat(n.message()).contains("torn tail");
            });
  }

  @Test
  void flippedBitBeforeIntactRecordsOfTheNewestSegmentIsAProblem() throws IOException {
    try (EmbeddedTraceStore store =
        EmbeddedTraceStore.open(
            EmbeddedStoreConfig.builder(directory).maintenanceInterval(Duration.ZERO).build())) {
      store.write(TENANT, TraceFixtures.batchOf(TraceFixtures.randomTraces(4, 5))).join();
      store.write(TENANT, TraceFixtures.batchOf(TraceFixtures.randomTraces(5, 5))).join();
    }
    Path wal = tenant.resolve("wal");
    Path newest = WalSegments.path(wal, WalSegments.list(wal).getLast());
    // Inside the first record's payload (past the 12-byte segment header and the 20-byte record
    // header): a whole record follows, so no crash explains it.
    flipBit(newest, 42);
    DataDirectoryReport report = DataDirectoryVerifier.verify(directory);
    assertThat(report.problems()).anySatisfy(p -> assertThat(p.file()).isEqualTo(newest));
  }

  @Test
  void flippedBitInsideAWalRecordOfAnOlderSegmentIsAProblem() throws IOException {
    Path wal = tenant.resolve("wal");
    List<Long> ids = WalSegments.list(wal);
    Path nonEmpty = null;
    for (long id : ids) {
      Path path = WalSegments.path(wal, id);
      if (Files.size(path) > 40) {
        nonEmpty = path;
        break;
      }
    }
    assertThat(nonEmpty).isNotNull();
    // Append a new, empty newest segment so the damaged one is not the tail being written.
    Path newer = WalSegments.path(wal, ids.getLast() + 1);
    Files.copy(WalSegments.path(wal, ids.getLast()), newer);
    try (RandomAccessFile file = new RandomAccessFile(newer.toFile(), "rw")) {
      file.setLength(12);
    }
    flipBit(nonEmpty, 42);
    DataDirectoryReport report = DataDirectoryVerifier.verify(directory);
    Path damaged = nonEmpty;
    assertThat(report.problems()).anySatisfy(p -> assertThat(p.file()).isEqualTo(damaged));
  }

  @Test
  void aDamagedRecordHeaderWithAnIntactPayloadIsANoteNotALoss() throws IOException {
    Path wal = tenant.resolve("wal");
    Path newest = WalSegments.path(wal, WalSegments.list(wal).getLast());
    // The span-count field of the first record's header: its payload checksum still holds.
    flipBit(newest, 12 + 9);
    DataDirectoryReport report = DataDirectoryVerifier.verify(directory);
    assertThat(report.healthy()).isTrue();
    assertThat(report.notes())
        .anySatisfy(
            n -> {
              assertThat(n.file()).isEqualTo(newest);
              assertThat(n.message()).contains("1 record header damaged").contains("intact");
            });
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
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
