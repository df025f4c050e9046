package dev.hopscope.store.embedded;

import static dev.hopscope.store.testing.TraceFixtures.SECOND;
import static dev.hopscope.store.testing.TraceFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.testing.TraceFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compaction round's last merge steps aside while a read runs; merges with others due behind them
 * do not, so a backlog of cut blocks is merged at full pace whatever the reads.
 */
class MergePaceTest {
  private static final long HOUR = 3600 * SECOND;

  @TempDir Path directory;
  private final ReadPool reads = ReadPool.sequential();
  private int traces;

  @Test
  void theLastMergeDueStepsAsideWhileAReadRuns() throws Exception {
    try (TenantStore store = store()) {
      cutBlocks(store, 3, 200, T0);
      assertThat(compactDuringARead(store)).isEqualTo(1);
      assertThat(store.stats().mergeWaitNanos()).as("the merge waited for the read").isPositive();
    }
  }

  @Test
  void aMergeWithAnotherDueBehindItDoesNotWait() throws Exception {
    try (TenantStore store = store()) {
      // The older window's merge runs first, with the newer one's due behind it. The newer one
      // has fewer rows than a row group, so it never reaches a point where it could wait.
      cutBlocks(store, 3, 200, T0);
      cutBlocks(store, 2, 10, T0 + 2 * HOUR);
      assertThat(compactDuringARead(store)).isEqualTo(2);
      assertThat(store.stats().mergeWaitNanos()).as("neither merge waited").isZero();
      assertThat(store.stats().blocks()).isEqualTo(2);
      assertThat(store.stats().blockSpans()).isEqualTo(620);
    }
  }

  @Test
  void withoutReadsNoMergeWaits() throws Exception {
    try (TenantStore store = store()) {
      cutBlocks(store, 3, 200, T0);
      assertThat(store.compact()).isEqualTo(1);
      assertThat(store.stats().mergeWaitNanos()).isZero();
    }
  }

  private TenantStore store() {
    EmbeddedStoreConfig config =
        EmbeddedStoreConfig.builder(directory)
            .compactedBlockSpans(1_000)
            .compactionWindow(Duration.ofHours(1))
            .rowGroupRows(50)
            .maintenanceInterval(Duration.ZERO)
            .build();
    return TenantStore.open("t", directory.resolve("t"), config, reads, () -> {});
  }

  /**
   * Writes and cuts {@code count} blocks of {@code rows} one-span traces starting at {@code at}.
   */
  private void cutBlocks(TenantStore store, int count, int rows, long at) {
    for (int b = 0; b < count; b++) {
      List<Span> spans = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        traces++;
        spans.add(TraceFixtures.span(new TraceId(7, traces), traces, "s", "op", at + i, 1));
      }
      store.write(SpanBatch.of(spans)).join();
      store.cut();
    }
  }

  /** Compacts every window while a read of {@link #reads} holds; returns the merges done. */
  private int compactDuringARead(TenantStore store) throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    Thread reader = ReadPoolTest.heldRead(reads, release);
    try {
      return store.compact();
    } finally {
      release.countDown();
      reader.join();
    }
  }
}
