package dev.hopscope.store.embedded;

import dev.hopscope.store.TraceStore;
import dev.hopscope.store.testing.StoreFixture;
import dev.hopscope.store.testing.TraceStoreConformance;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store passes the shared conformance suite, with tiny row groups to cross them, every
 * read on the caller's thread ({@link ParallelReadsTraceStoreTest}: the same on four threads).
 */
class EmbeddedTraceStoreTest extends TraceStoreConformance {
  @TempDir Path directory;
  private int opened;

  @Override
  protected TraceStore open(StoreFixture fixture) {
    return EmbeddedTraceStore.open(
        EmbeddedStoreConfig.builder(directory.resolve("store-" + opened++))
            .clock(fixture.clock())
            .retention(fixture.retention())
            .rowGroupRows(16)
            .readThreads(readThreads())
            .maintenanceInterval(Duration.ZERO)
            .build());
  }

  /** How many threads each read may use; one here, so this suite holds the sequential reads. */
  int readThreads() {
    return 1;
  }

  @Override
  protected void flush(TraceStore store) {
    ((EmbeddedTraceStore) store).flush();
  }

  @Override
  protected void compact(TraceStore store) {
    ((EmbeddedTraceStore) store).compact();
  }

  @Override
  protected void enforceRetention(TraceStore store) {
    ((EmbeddedTraceStore) store).enforceRetention();
  }
}
