package dev.hopscope.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.TimeRange;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capped scan reads blocks newest first and stops early, and still hands over exactly the traces
 * that start latest: over blocks cut one after another in time, blocks that overlap, and traces
 * whose parts sit in an old block and a new one (an early part makes a trace start earlier).
 */
class LatestTracesTest {
  private static final String TENANT = "shop";
  private static final long T0 = 1_800_000_000_000_000_000L;
  private static final long SECOND = 1_000_000_000L;

  @TempDir Path directory;

  @Test
  void aCappedScanGivesTheLatestStartingTracesWhereverTheirPartsAre() {
    Random random = new Random(20261206L);
    Map<TraceId, Long> starts = new HashMap<>();
    List<TraceId> ids = new ArrayList<>();
    try (EmbeddedTraceStore store = open()) {
      for (int block = 0; block < 14; block++) {
        List<Span> spans = new ArrayList<>();
        // Blocks follow each other in time; every third overlaps the one before.
        long base = T0 + block * 60 * SECOND - (block % 3 == 0 ? 45 * SECOND : 0);
        for (int t = 0; t < 40; t++) {
          TraceId id = new TraceId(random.nextLong(), random.nextLong() | 1);
          ids.add(id);
          long start = base + (long) (random.nextDouble() * 60 * SECOND);
          spans.add(span(id, 1, start));
          starts.merge(id, start, Math::min);
        }
        // A later part of an older trace: that trace is in this block and an older one.
        for (int p = 0; p < 5 && ids.size() > 80; p++) {
          TraceId old = ids.get(random.nextInt(ids.size() - 40));
          long start = base + (long) (random.nextDouble() * 60 * SECOND);
          spans.add(span(old, 2 + p + block * 10, start));
          starts.merge(old, start, Math::min);
        }
        // An earlier part of a newer trace lands in an old block: written last, cut alone below.
        store.write(TENANT, SpanBatch.of(spans)).join();
        store.flush();
      }
      List<Span> late = new ArrayList<>();
      for (int p = 0; p < 8; p++) {
        TraceId recent = ids.get(ids.size() - 1 - random.nextInt(60));
        long early = T0 + random.nextInt(100) * SECOND;
        late.add(span(recent, 500 + p, early));
        starts.merge(recent, early, Math::min);
      }
      store.write(TENANT, SpanBatch.of(late)).join();
      store.flush();
      List<TraceId> byStart = new ArrayList<>(starts.keySet());
      byStart.sort(Comparator.comparingLong((TraceId id) -> starts.get(id)).reversed());
      for (int limit : new int[] {1, 5, 20, 39, 41, 100, 300, 559, 560, 561, 2000}) {
        Set<TraceId> scanned = new HashSet<>();
        boolean capped = store.scan(TENANT, TimeRange.ALL, limit, t -> scanned.add(t.traceId()));
        Set<TraceId> expected = new HashSet<>(byStart.subList(0, Math.min(limit, byStart.size())));
        assertThat(scanned).as("limit " + limit).isEqualTo(expected);
        assertThat(capped).as("capped at " + limit).isEqualTo(byStart.size() > limit);
      }
    }
  }

  private EmbeddedTraceStore open() {
    return EmbeddedTraceStore.open(
        EmbeddedStoreConfig.builder(directory)
            .clock(InstantSource.fixed(Instant.ofEpochSecond(T0 / SECOND)))
            .retention(Duration.ofDays(365))
            .rowGroupRows(16)
            .maintenanceInterval(Duration.ZERO)
            .walSync(WalSync.NONE)
            .build());
  }

  private static Span span(TraceId trace, long spanId, long start) {
    return Span.builder(trace, new SpanId(spanId))
        .name("op")
        .startNanos(start)
        .endNanos(start + 1_000_000)
        .resource(Resource.of(Attributes.of(Resource.SERVICE_NAME, AttributeValue.of("svc"))))
        .build();
  }
}
