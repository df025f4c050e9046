package dev.hopscope.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.model.Trace;
import dev.hopscope.store.testing.TraceFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory with a byte limit: writes past it fail with a message naming the directory, the
 * limit and the fix, nothing on disk is damaged, and writes resume once space is freed.
 */
class DiskFullTest {
  private static final String TENANT = "acme";
  private static final long LIMIT = 256 << 10;

  @TempDir Path directory;
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.ofEpochSecond(1_700_000_000L));
  private final InstantSource clock = now::get;

  @Test
  void fullDirectoryRefusesWritesIntactAndResumesWhenSpaceIsFreed() throws IOException {
    // Something else on the same small disk, deleted later to free space.
    Path ballast = Files.write(directory.resolve("ballast"), new byte[128 << 10]);
    List<Trace> written = new ArrayList<>();
    try (EmbeddedTraceStore store =
        EmbeddedTraceStore.open(
            EmbeddedStoreConfig.builder(directory)
                .maxDiskBytes(LIMIT)
                .clock(clock)
                .maintenanceInterval(Duration.ZERO)
                .build())) {
      Throwable full = null;
      for (int i = 0; i < 200 && full == null; i++) {
        List<Trace> traces = TraceFixtures.randomTraces(i, 5);
        try {
          store.write(TENANT, TraceFixtures.batchOf(traces)).join();
          written.addAll(traces);
          // Let the budget measure again, as it would a quarter second later.
          now.set(now.get().plusSeconds(1));
        } catch (CompletionException e) {
          full = e.getCause();
        }
      }
      assertThat(full)
          .isInstanceOf(StoreFullException.class)
          .hasMessageContaining(directory.toString())
          .hasMessageContaining("maxDiskBytes")
          .hasMessageContaining("free space");
      assertThat(written).isNotEmpty();
      assertThat(DataDirectoryVerifier.verify(directory).problems()).isEmpty();

      Files.delete(ballast);
      now.set(now.get().plusSeconds(1));
      List<Trace> after = TraceFixtures.randomTraces(1_000, 3);
      store.write(TENANT, TraceFixtures.batchOf(after)).join();
      for (Trace trace : written) {
        assertThat(store.trace(TENANT, trace.traceId())).contains(trace);
      }
      assertThat(store.trace(TENANT, after.getFirst().traceId())).contains(after.getFirst());
    }
  }

  @Test
  void limitMustBePositive() {
    assertThatThrownBy(() -> EmbeddedStoreConfig.builder(directory).maxDiskBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDiskBytes must be positive; received 0");
  }
}
