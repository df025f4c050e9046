package dev.hopscope.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.cells.SpanCell;
import dev.hopscope.store.cells.SpanCells;
import dev.hopscope.store.embedded.internal.block.BlockSurgery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's span cells count every stored span exactly once, wherever it is (head, a fresh block,
 * a compacted one), and a window with a block that has no cells is refused whole, never half read.
 */
class SpanCellsStoreTest {
  private static final String TENANT = "shop";
  private static final long T0 = 1_800_000_000_000_000_000L;
  private static final long SECOND = 1_000_000_000L;
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.ofEpochSecond(T0 / SECOND));
  private static final long FIRST = SpanCells.grainOf(T0);
  private static final long END = FIRST + 100;

  @TempDir Path directory;

  @Test
  void everySpanIsCountedOnceInItsGrainWhereverItIs() {
    Random random = new Random(7);
    List<Span> spans = new ArrayList<>();
    try (EmbeddedTraceStore store = open(directory)) {
      for (int part = 0; part < 4; part++) {
        List<Span> batch = spans(random, 200, "webapp");
        store.write(TENANT, SpanBatch.of(batch)).join();
        spans.addAll(batch);
        Map<Long, Long> expected = perGrain(spans);
        assertThat(cellCounts(store)).as("after part " + part).isEqualTo(expected);
        if (part < 3) {
          store.flush();
          assertThat(cellCounts(store)).as("flushed part " + part).isEqualTo(expected);
        }
        if (part == 2) {
          store.compact();
          assertThat(cellCounts(store)).as("compacted").isEqualTo(expected);
        }
      }
    }
    // Reopened: blocks read their cells back from disk, the head replays from the WAL.
    try (EmbeddedTraceStore store = open(directory)) {
      assertThat(cellCounts(store)).isEqualTo(perGrain(spans));
    }
  }

  /** The head counts each batch once, when first asked: later batches of it still count. */
  @Test
  void theHeadCountsBatchesThatArriveBetweenReads() {
    Random random = new Random(3);
    List<Span> spans = new ArrayList<>();
    try (EmbeddedTraceStore store = open(directory)) {
      for (int batch = 0; batch < 3; batch++) {
        List<Span> more = spans(random, 100, "webapp");
        store.write(TENANT, SpanBatch.of(more)).join();
        spans.addAll(more);
        assertThat(cellCounts(store)).as("batch " + batch).isEqualTo(perGrain(spans));
        assertThat(cellCounts(store)).as("asked again").isEqualTo(perGrain(spans));
      }
    }
  }

  @Test
  void aBlockWithoutCellsMakesTheWindowUnanswerable() throws IOException {
    try (EmbeddedTraceStore store = open(directory)) {
      store.write(TENANT, SpanBatch.of(spans(new Random(1), 50, "webapp"))).join();
      store.flush();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path block : files.filter(f -> f.toString().endsWith(".blk")).toList()) {
        BlockSurgery.dropCells(block);
      }
    }
    try (EmbeddedTraceStore store = open(directory)) {
      List<SpanCell> seen = new ArrayList<>();
      assertThat(store.spanCells(TENANT, FIRST, END, seen::add)).isFalse();
      assertThat(seen).isEmpty();
      // A window the block does not reach is still answered.
      assertThat(store.spanCells(TENANT, END + 1000, END + 2000, seen::add)).isTrue();
    }
  }

  /** {@code service.name = 5} is no text: a cell could not tell it from "5", so there are none. */
  @Test
  void aServiceNameThatIsNotTextKeepsNoCells() {
    try (EmbeddedTraceStore store = open(directory)) {
      List<Span> numbered = new ArrayList<>();
      for (Span span : spans(new Random(2), 5, "x")) {
        numbered.add(
            Span.builder(span.traceId(), span.spanId())
                .name(span.name())
                .startNanos(span.startNanos())
                .endNanos(span.endNanos())
                .resource(Resource.of(Attributes.of(Resource.SERVICE_NAME, AttributeValue.of(5L))))
                .build());
      }
      store.write(TENANT, SpanBatch.of(numbered)).join();
      assertThat(store.spanCells(TENANT, FIRST, END, cell -> {})).as("head").isFalse();
      store.flush();
      assertThat(store.spanCells(TENANT, FIRST, END, cell -> {})).as("block").isFalse();
    }
  }

  private static EmbeddedTraceStore open(Path path) {
    return EmbeddedTraceStore.open(
        EmbeddedStoreConfig.builder(path)
            .clock(CLOCK)
            .retention(Duration.ofDays(365))
            .rowGroupRows(16)
            .maintenanceInterval(Duration.ZERO)
            .walSync(WalSync.NONE)
            .build());
  }

  private static Map<Long, Long> cellCounts(EmbeddedTraceStore store) {
    Map<Long, Long> counts = new TreeMap<>();
    boolean answered =
        store.spanCells(
            TENANT, FIRST, END, cell -> counts.merge(cell.grain(), cell.count(), Long::sum));
    assertThat(answered).isTrue();
    return counts;
  }

  private static Map<Long, Long> perGrain(List<Span> spans) {
    Map<Long, Long> counts = new TreeMap<>();
    for (Span span : spans) {
      counts.merge(SpanCells.grainOf(span.startNanos()), 1L, Long::sum);
    }
    return counts;
  }

  /** Spans over 20 minutes, a fifth exactly on a grain's end (which belongs to that grain). */
  private static List<Span> spans(Random random, int count, String service) {
    List<Span> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long start =
          random.nextInt(5) == 0
              ? T0 + (1 + random.nextInt(80)) * SpanCells.GRAIN_NANOS
              : T0 + 1 + (long) (random.nextDouble() * 1200 * SECOND);
      out.add(
          Span.builder(new TraceId(random.nextLong(), random.nextLong() | 1), new SpanId(1 + i))
              .name("op" + random.nextInt(3))
              .kind(SpanKind.SERVER)
              .startNanos(start)
              .endNanos(start + random.nextInt(1_000_000_000))
              .resource(
                  Resource.of(Attributes.of(Resource.SERVICE_NAME, AttributeValue.of(service))))
              .build());
    }
    return out;
  }
}
