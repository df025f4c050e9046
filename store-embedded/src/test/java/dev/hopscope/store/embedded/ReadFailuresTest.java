package dev.hopscope.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.StoreReadException;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.embedded.internal.block.BlockDecodeException;
import dev.hopscope.store.embedded.internal.block.BlockSurgery;
import dev.hopscope.store.embedded.internal.codec.Column;
import dev.hopscope.store.testing.TraceFixtures;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only corruption quarantines (Lucene's rule): an interrupted query, a read the disk fails and a
 * decode bug each fail at most the read that met them, and the block stays live. A footer that
 * contradicts itself is corruption, found at startup and by the offline check.
 */
class ReadFailuresTest {
  private static final String TENANT = "acme";

  @TempDir Path directory;
  private final List<Trace> traces = TraceFixtures.randomTraces(31, 200);
  private Path block;

  @BeforeEach
  void writeOneBlock() throws IOException {
    try (EmbeddedTraceStore store = open()) {
      store.write(TENANT, TraceFixtures.batchOf(traces)).join();
      store.flush();
    }
    try (Stream<Path> files = Files.list(tenant().resolve("blocks"))) {
      block = files.toList().getFirst();
    }
  }

  private EmbeddedTraceStore open() {
    return EmbeddedTraceStore.open(
        EmbeddedStoreConfig.builder(directory)
            .rowGroupRows(16)
            .maintenanceInterval(Duration.ZERO)
            .build());
  }

  private Path tenant() {
    return directory.resolve("tenants").resolve(TENANT);
  }

  @Test
  void aQueryInterruptedMidReadLeavesTheBlockLiveAndTheNextQueryAnswersFully()
      throws InterruptedException {
    try (EmbeddedTraceStore store = open()) {
      CountDownLatch firstTrace = new CountDownLatch(1);
      List<Trace> seenByInterrupted = new ArrayList<>();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread query =
          new Thread(
              () -> {
                try {
                  // Traces come 64 at a time; the next chunk's row groups are read from disk
                  // after the interrupt.
                  store.scan(
                      TENANT,
                      TimeRange.ALL,
                      trace -> {
                        seenByInterrupted.add(trace);
                        if (firstTrace.getCount() > 0) {
                          firstTrace.countDown();
                          awaitInterrupt();
                        }
                      });
                } catch (Throwable e) {
                  failure.set(e);
                }
              },
              "interrupted-query");
      query.start();
      assertThat(firstTrace.await(10, TimeUnit.SECONDS)).isTrue();
      query.interrupt();
      query.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(query.isAlive()).isFalse();

      // Block reads ignore interrupts, so even the interrupted query answered in full.
      assertThat(failure.get()).isNull();
      assertThat(seenByInterrupted).hasSameSizeAs(traces);
      assertThat(store.stats().quarantinedBlocks()).isZero();
      assertThat(store.stats().tenants().get(TENANT).blocks()).isEqualTo(1);
      List<Trace> next = new ArrayList<>();
      store.scan(TENANT, TimeRange.ALL, next::add);
      assertThat(next).containsExactlyInAnyOrderElementsOf(traces);
    }
  }

  @Test
  void aReadTheDiskFailsFailsThatQueryAndQuarantinesNothing() throws IOException {
    try (EmbeddedTraceStore store = open()) {
      byte[] intact = Files.readAllBytes(block);
      try (RandomAccessFile cut = new RandomAccessFile(block.toFile(), "rw")) {
        cut.setLength(12);
      }
      Trace wanted = traces.getFirst();
      assertThatThrownBy(() -> store.trace(TENANT, wanted.traceId()))
          .isInstanceOf(StoreReadException.class)
          .hasMessageContaining(block.toString());
      assertThat(store.stats().quarantinedBlocks()).isZero();
      assertThat(block).exists();

      Files.write(block, intact);
      assertThat(store.trace(TENANT, wanted.traceId())).contains(wanted);
      assertThat(store.stats().tenants().get(TENANT).blocks()).isEqualTo(1);
    }
  }

  @Test
  void aDecodeBugFailsTheQueriesThatMeetItAndTheBlockStays() throws IOException {
    // The first row's kind becomes 15 (no such SpanKind), with every checksum valid.
    BlockSurgery.editColumn(
        block,
        0,
        Column.KIND_STATUS,
        raw -> {
          raw[0] = (byte) (raw[0] | 0x0F);
          return raw;
        });
    TraceId broken = traces.stream().map(Trace::traceId).min(Comparator.naturalOrder()).get();
    Trace elsewhere = traces.stream().max(Comparator.comparing(Trace::traceId)).get();
    try (EmbeddedTraceStore store = open()) {
      assertThatThrownBy(() -> store.trace(TENANT, broken))
          .isInstanceOf(BlockDecodeException.class)
          .hasMessageContaining(block.toString())
          .hasMessageContaining("span kind 15")
          .hasMessageContaining("not disk damage");
      assertThat(store.trace(TENANT, elsewhere.traceId())).contains(elsewhere);
      assertThat(store.stats().quarantinedBlocks()).isZero();
      assertThat(store.stats().tenants().get(TENANT).blocks()).isEqualTo(1);
    }
    assertThat(block).exists();
    DataDirectoryReport report = DataDirectoryVerifier.verify(directory);
    assertThat(report.problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.file()).isEqualTo(block);
              assertThat(problem.message()).contains("not disk damage");
            });
  }

  @Test
  void aFooterPromisingRowsItsGroupsDoNotHoldIsCorruptAtStartupAndInTheCheck() throws IOException {
    BlockSurgery.promiseRows(block, 337);
    DataDirectoryReport report = DataDirectoryVerifier.verify(directory);
    assertThat(report.problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.file()).isEqualTo(block);
              assertThat(problem.message())
                  .contains("footer promises 337 rows, row groups hold " + spans());
            });
    try (EmbeddedTraceStore store = open()) {
      assertThat(store.stats().quarantinedBlocks()).isEqualTo(1);
      assertThat(store.trace(TENANT, traces.getFirst().traceId())).isEmpty();
    }
    assertThat(tenant().resolve("quarantine").resolve(block.getFileName())).exists();
  }

  private long spans() {
    return traces.stream().mapToLong(trace -> trace.spans().size()).sum();
  }

  /** Parks until the test thread interrupts this one; park returns at once on an interrupt. */
  private static void awaitInterrupt() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Thread.currentThread().isInterrupted() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(deadline - System.nanoTime());
    }
  }
}
