package dev.hopscope.cluster.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceSource;
import dev.hopscope.store.memory.InMemoryTraceStore;
import dev.hopscope.store.testing.TraceFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The querier's view of recent spans and the bucket: the same answers as one store holding both,
 * however the spans were split between the two and wherever they overlap.
 */
class MergedTraceSourceTest {
  private static final String TENANT = "acme";

  @Test
  void answersAsOneStoreHoldingEverythingWhateverTheSplitAndOverlap() {
    List<Trace> traces = TraceFixtures.randomTraces(31, 120);
    InMemoryTraceStore recent = store();
    InMemoryTraceStore blocks = store();
    InMemoryTraceStore both = store();
    int i = 0;
    for (Trace trace : traces) {
      List<Span> spans = trace.spans();
      int cut = spans.size() / 2;
      switch (i++ % 4) {
        case 0 -> write(recent, spans);
        case 1 -> write(blocks, spans);
        // Split: the first half already in a block, the rest only recent.
        case 2 -> {
          write(blocks, spans.subList(0, cut));
          write(recent, spans.subList(cut, spans.size()));
        }
        // Overlap: in a block and still in the recent window.
        default -> {
          write(blocks, spans);
          write(recent, spans.subList(0, cut));
        }
      }
      write(both, spans);
    }
    MergedTraceSource merged = new MergedTraceSource(recent, blocks);

    for (Trace trace : traces) {
      assertThat(merged.trace(TENANT, trace.traceId())).contains(trace);
    }
    for (SearchOrder order : SearchOrder.values()) {
      SearchRequest request = new SearchRequest(TimeRange.ALL, List.of(), order, Optional.empty());
      List<Trace> expected;
      try (Stream<Trace> answers = both.search(TENANT, request)) {
        expected = answers.toList();
      }
      try (Stream<Trace> answers = merged.search(TENANT, request)) {
        List<Trace> got = answers.toList();
        assertThat(got).hasSameSizeAs(expected).containsExactlyInAnyOrderElementsOf(expected);
        // Traces wholly on one side (three in four here) keep the store's order exactly.
        assertThat(got.stream().map(Trace::traceId).distinct()).hasSize(got.size());
      }
    }
    assertThat(merged.services(TENANT, TimeRange.ALL))
        .isEqualTo(both.services(TENANT, TimeRange.ALL));
    assertThat(merged.attributeNames(TENANT, TimeRange.ALL))
        .isEqualTo(both.attributeNames(TENANT, TimeRange.ALL));
    List<Trace> scanned = new ArrayList<>();
    merged.scan(TENANT, TimeRange.ALL, scanned::add);
    List<Trace> expectedScan = new ArrayList<>();
    both.scan(TENANT, TimeRange.ALL, expectedScan::add);
    Comparator<Trace> byId = Comparator.comparing(Trace::traceId);
    assertThat(scanned.stream().sorted(byId).toList())
        .isEqualTo(expectedScan.stream().sorted(byId).toList());
  }

  @Test
  void searchKeepsTheOrderOfTracesThatLiveOnOneSide() {
    List<Trace> traces = TraceFixtures.randomTraces(32, 60);
    InMemoryTraceStore recent = store();
    InMemoryTraceStore blocks = store();
    for (int i = 0; i < traces.size(); i++) {
      write(i % 2 == 0 ? recent : blocks, traces.get(i).spans());
    }
    MergedTraceSource merged = new MergedTraceSource(recent, blocks);
    for (SearchOrder order : SearchOrder.values()) {
      SearchRequest request = new SearchRequest(TimeRange.ALL, List.of(), order, Optional.empty());
      try (Stream<Trace> answers = merged.search(TENANT, request)) {
        List<Trace> got = answers.toList();
        for (int i = 1; i < got.size(); i++) {
          Trace a = got.get(i - 1);
          Trace b = got.get(i);
          assertThat(
                  SearchOrder.compare(order.sortKey(a), a.traceId(), order.sortKey(b), b.traceId()))
              .as(order + " at " + i)
              .isNegative();
        }
        assertThat(got).hasSize(traces.size());
      }
    }
  }

  @Test
  void aTraceFromTheBlocksIsLookedForInTheRecentSourceOnlyWhenItMayBeRecent() {
    List<Trace> traces = TraceFixtures.randomTraces(33, 60);
    InMemoryTraceStore recent = store();
    InMemoryTraceStore blocks = store();
    for (Trace trace : traces) {
      // The latest span in a block, the earlier ones recent: newest first, the block's part of
      // each trace is found first, so whether it is completed is the predicate's call.
      List<Span> spans = trace.spans();
      write(blocks, spans.subList(spans.size() - 1, spans.size()));
      if (spans.size() > 1) {
        write(recent, spans.subList(0, spans.size() - 1));
      }
    }
    long[] ends = traces.stream().mapToLong(t -> t.spans().getLast().endNanos()).sorted().toArray();
    long cut = ends[ends.length / 2];
    CountingLookups counted = new CountingLookups(recent);
    MergedTraceSource merged =
        new MergedTraceSource(counted, blocks, trace -> trace.endNanos() >= cut);
    List<Trace> got;
    try (Stream<Trace> answers = merged.search(TENANT, SearchRequest.of(TimeRange.ALL))) {
      got = answers.toList();
    }
    assertThat(got).hasSize(traces.size());
    int skipped = 0;
    for (Trace whole : traces) {
      Trace answer =
          got.stream().filter(t -> t.traceId().equals(whole.traceId())).findFirst().orElseThrow();
      Span last = whole.spans().getLast();
      if (last.endNanos() >= cut || whole.spans().size() == 1) {
        assertThat(answer).isEqualTo(whole);
      } else {
        assertThat(answer.spans()).containsExactly(last);
        skipped++;
      }
    }
    assertThat(skipped).isPositive();
    assertThat(counted.lookups)
        .isEqualTo(traces.stream().filter(t -> t.spans().getLast().endNanos() >= cut).count());
  }

  /** The recent source, counting trace-by-id lookups (each a call to every live store). */
  private static final class CountingLookups implements TraceSource {
    private final TraceSource source;
    private long lookups;

    CountingLookups(TraceSource source) {
      this.source = source;
    }

    @Override
    public Optional<Trace> trace(String tenant, TraceId traceId) {
      lookups++;
      return source.trace(tenant, traceId);
    }

    @Override
    public Stream<Trace> search(String tenant, SearchRequest request) {
      return source.search(tenant, request);
    }

    @Override
    public List<String> services(String tenant, TimeRange range) {
      return source.services(tenant, range);
    }

    @Override
    public List<String> operations(String tenant, String service, TimeRange range) {
      return source.operations(tenant, service, range);
    }

    @Override
    public List<String> attributeNames(String tenant, TimeRange range) {
      return source.attributeNames(tenant, range);
    }

    @Override
    public List<String> attributeValues(
        String tenant, String scopedName, String prefix, TimeRange range, int limit) {
      return source.attributeValues(tenant, scopedName, prefix, range, limit);
    }

    @Override
    public void scan(String tenant, TimeRange range, java.util.function.Consumer<Trace> consumer) {
      source.scan(tenant, range, consumer);
    }
  }

  private static InMemoryTraceStore store() {
    return InMemoryTraceStore.builder().retention(Duration.ofDays(3650)).build();
  }

  private static void write(InMemoryTraceStore store, List<Span> spans) {
    store.write(TENANT, TraceFixtures.batchOfSpans(spans)).join();
  }
}
