package dev.hopscope.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.SearchCursor;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.memory.InMemoryTraceStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pages through 10,000 matching traces while new traces keep arriving on both sides of the cursor:
 * every trace present at the start is seen exactly once, and no trace that sorts before the cursor
 * at the time it arrives ever shows up.
 */
class PagingWhileIngestingTest {
  private static final TraceQlEngine ENGINE = TraceQlEngine.create();
  private static final String QUERY = "{ kind = server && .shard >= 0 }";

  @ParameterizedTest
  @EnumSource(SearchOrder.class)
  void noDuplicatesAndNothingMissing(SearchOrder order) {
    Random random = new Random(6);
    try (InMemoryTraceStore store =
        InMemoryTraceStore.builder()
            .clock(InstantSource.fixed(Instant.ofEpochSecond(Shop.T0 / 1_000_000_000L)))
            .retention(Duration.ofDays(365))
            .build()) {
      Set<TraceId> original = new HashSet<>();
      List<Span> spans = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        // Starts and durations in the middle of the range, so later traces can land on either side.
        Span span = trace(random, 1_000_000 + random.nextInt(1_000_000), 1 + random.nextInt(1000));
        original.add(span.traceId());
        spans.add(span);
      }
      store.write(Shop.TENANT, SpanBatch.of(spans)).join();

      Set<TraceId> seen = new HashSet<>();
      List<TraceId> duplicates = new ArrayList<>();
      Set<TraceId> arrivedBeforeCursor = new HashSet<>();
      Optional<SearchCursor> cursor = Optional.empty();
      int pages = 0;
      do {
        SearchResult page =
            ENGINE.search(store, Shop.TENANT, QUERY, TimeRange.ALL, 250, order, cursor);
        for (TraceMatch match : page.traces()) {
          if (!seen.add(match.trace().traceId())) {
            duplicates.add(match.trace().traceId());
          }
        }
        cursor = page.next();
        pages++;
        // Ingest goes on: one trace that sorts before every position, one after every position.
        Span early = trace(random, 3_000_000, 5_000);
        Span late = trace(random, 0, 0);
        arrivedBeforeCursor.add(early.traceId());
        store.write(Shop.TENANT, SpanBatch.of(List.of(early, late))).join();
      } while (cursor.isPresent());

      assertThat(duplicates).isEmpty();
      assertThat(seen).containsAll(original);
      assertThat(seen).doesNotContainAnyElementsOf(arrivedBeforeCursor);
      assertThat(pages).isGreaterThanOrEqualTo(40);
    }
  }

  /** A one-span trace starting {@code startMs} after T0 and lasting {@code durationMs}. */
  private static Span trace(Random random, long startMs, long durationMs) {
    TraceId id = new TraceId(random.nextLong(), random.nextLong() | 1);
    return Shop.span(id, 1, 0, Shop.resource("svc"), "op", SpanKind.SERVER, startMs, durationMs)
        .attributes(Attributes.of("shard", AttributeValue.of((long) random.nextInt(8))))
        .build();
  }
}
