package dev.hopscope.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.Trace;
import dev.hopscope.store.SearchHint;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.testing.TraceFixtures;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads over loose block files answer exactly what the embedded store answers over the same spans
 * in the same blocks: the entry point object storage builds on changes no answer.
 */
class BlockFilesReaderTest {
  private static final String TENANT = "acme";
  private static final long T0 = TraceFixtures.T0;
  private static final long SECOND = TraceFixtures.SECOND;

  @TempDir Path directory;
  private EmbeddedTraceStore store;
  private final List<Block> blocks = new ArrayList<>();
  private final List<Block> reportedCorrupt = new ArrayList<>();
  private BlockFilesReader reader;

  @BeforeEach
  void writeTheSameBlocksBothWays() throws IOException {
    store =
        EmbeddedTraceStore.open(
            EmbeddedStoreConfig.builder(directory.resolve("store"))
                .rowGroupRows(16)
                .maintenanceInterval(Duration.ZERO)
                .build());
    List<List<Span>> parts = TraceFixtures.split(TraceFixtures.randomTraces(17, 150), 3);
    for (int i = 0; i < parts.size(); i++) {
      SpanBatch batch = SpanBatch.of(parts.get(i));
      store.write(TENANT, batch).join();
      store.flush();
      Path file = directory.resolve("part-" + i + ".blk");
      BlockFileWriter.write(file, List.of(batch), 3, 16);
      blocks.add(Block.open(file));
    }
    reader =
        new BlockFilesReader(
            new BlockFilesReader.Blocks() {
              @Override
              public List<Block> acquire() {
                List<Block> held = new ArrayList<>();
                for (Block block : blocks) {
                  if (block.acquire()) {
                    held.add(block);
                  }
                }
                return held;
              }

              @Override
              public void corrupt(Block block, RuntimeException problem) {
                reportedCorrupt.add(block);
              }
            });
  }

  @AfterEach
  void close() {
    store.close();
    blocks.forEach(Block::release);
  }

  private static List<Trace> all(Stream<Trace> results) {
    try (results) {
      return results.toList();
    }
  }

  @Test
  void searchesAnswerAsTheEmbeddedStore() {
    List<List<SearchHint>> hints =
        List.of(
            List.of(),
            List.of(new SearchHint.ServiceName("auth")),
            List.of(
                new SearchHint.AttributeEquals(
                    SearchHint.Scope.RESOURCE,
                    "deployment.environment.name",
                    AttributeValue.of("staging"))),
            List.of(new SearchHint.MinSpanDuration(4_000_000)));
    for (TimeRange range :
        List.of(TimeRange.ALL, new TimeRange(T0 + SECOND / 4, T0 + SECOND / 2))) {
      for (List<SearchHint> hint : hints) {
        for (SearchOrder order : SearchOrder.values()) {
          SearchRequest request = new SearchRequest(range, hint, order, Optional.empty());
          assertThat(all(reader.search(request)))
              .as("%s %s %s", range, hint, order)
              .isNotEmpty()
              .isEqualTo(all(store.search(TENANT, request)));
        }
      }
    }
  }

  @Test
  void traceCatalogAndScanAnswerAsTheEmbeddedStore() {
    for (Trace trace : all(store.search(TENANT, SearchRequest.of(TimeRange.ALL)))) {
      assertThat(reader.trace(trace.traceId())).contains(trace);
    }
    TimeRange range = new TimeRange(T0 + SECOND / 3, T0 + 2 * SECOND / 3);
    for (TimeRange window : List.of(TimeRange.ALL, range)) {
      assertThat(reader.services(window)).isEqualTo(store.services(TENANT, window));
      assertThat(reader.operations("auth", window))
          .isEqualTo(store.operations(TENANT, "auth", window));
      assertThat(reader.attributeNames(window)).isEqualTo(store.attributeNames(TENANT, window));
      assertThat(reader.attributeValues("resource.service.version", "1.", window, 3))
          .isEqualTo(store.attributeValues(TENANT, "resource.service.version", "1.", window, 3));
      List<Trace> scanned = new ArrayList<>();
      List<Trace> expected = new ArrayList<>();
      assertThat(reader.scan(window, 25, scanned::add))
          .isEqualTo(store.scan(TENANT, window, 25, expected::add));
      assertThat(scanned).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void aCorruptBlockIsReportedAndTheRestStillAnswers() throws IOException {
    Block damaged = blocks.get(1);
    try (RandomAccessFile file = new RandomAccessFile(damaged.file().toFile(), "rw")) {
      // Past the header, inside the first column chunks: the chunk checksum catches it on read.
      file.seek(40);
      int value = file.read();
      file.seek(40);
      file.write(value ^ 0xFF);
    }
    List<Trace> found = all(reader.search(SearchRequest.of(TimeRange.ALL)));
    assertThat(reportedCorrupt).containsExactly(damaged);
    assertThat(found).isNotEmpty();
    assertThat(found.stream().mapToInt(trace -> trace.spans().size()).sum())
        .isLessThan(
            all(store.search(TENANT, SearchRequest.of(TimeRange.ALL))).stream()
                .mapToInt(trace -> trace.spans().size())
                .sum());
  }
}
