package dev.hopscope.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.Status;
import dev.hopscope.model.StatusCode;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.model.testing.SeededProperty;
import dev.hopscope.store.SearchCursor;
import dev.hopscope.store.SearchHint;
import dev.hopscope.store.SearchHints;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TimeRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newest-first search hands traces over while it reads blocks newest first, and still returns
 * exactly what judging every whole trace would: over blocks that follow each other in time and
 * blocks that overlap, traces whose parts sit in an old block, a new one and the head (an early
 * part written late makes a trace start earlier), windows that cut traces, hints and cursors.
 */
class NewestFirstSearchTest {
  private static final String TENANT = "shop";
  private static final long T0 = 1_800_000_000_000_000_000L;
  private static final long SECOND = 1_000_000_000L;
  private static final String[] SERVICES = {"webapp", "auth", "db"};

  @TempDir Path directory;

  @Test
  void pagesComeInTheOrderOfWholeTracesWhereverTheirPartsAre() {
    SeededProperty.check(List.of(20261206L), 6, SplittableRandom::nextLong, this::searchesAgree);
  }

  private void searchesAgree(long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    Path dir = Files.createTempDirectory(directory, "store");
    List<Span> written = new ArrayList<>();
    try (EmbeddedTraceStore store = open(dir)) {
      fill(store, random, written);
      Map<TraceId, Trace> traces = byTrace(written);
      for (int q = 0; q < 40; q++) {
        TimeRange range = range(random);
        List<SearchHint> hints = hints(random);
        List<Trace> expected = expected(traces.values(), range, hints, Optional.empty());
        SearchRequest request =
            new SearchRequest(range, hints, SearchOrder.NEWEST_FIRST, Optional.empty());
        String what = "range " + range + ", hints " + hints;
        assertThat(ids(store, request)).as(what).isEqualTo(ids(expected));
        if (!expected.isEmpty()) {
          Trace at = expected.get(random.nextInt(expected.size()));
          SearchCursor cursor = new SearchCursor(at.startNanos(), at.traceId());
          List<Trace> rest = expected(traces.values(), range, hints, Optional.of(cursor));
          SearchRequest next =
              new SearchRequest(range, hints, SearchOrder.NEWEST_FIRST, Optional.of(cursor));
          assertThat(ids(store, next)).as(what + ", after " + cursor).isEqualTo(ids(rest));
        }
        int page = 1 + random.nextInt(10);
        try (Stream<Trace> found = store.search(TENANT, request)) {
          assertThat(found.limit(page).map(Trace::traceId).toList())
              .as(what + ", first " + page)
              .isEqualTo(ids(expected).subList(0, Math.min(page, expected.size())));
        }
      }
    }
  }

  /**
   * Ten blocks cut one after another, every third overlapping the one before; later parts of older
   * traces in each; early parts of recent traces cut last; and spans of old and new traces left in
   * the head.
   */
  private static void fill(EmbeddedTraceStore store, SplittableRandom random, List<Span> written) {
    List<TraceId> ids = new ArrayList<>();
    long[] spanIds = {1};
    for (int block = 0; block < 10; block++) {
      long base = T0 + block * 60 * SECOND - (block % 3 == 0 ? 45 * SECOND : 0);
      List<Span> spans = new ArrayList<>();
      for (int t = 0; t < 30; t++) {
        TraceId id = new TraceId(random.nextLong(), random.nextLong() | 1);
        ids.add(id);
        int parts = 1 + random.nextInt(3);
        for (int p = 0; p < parts; p++) {
          spans.add(span(random, id, spanIds, base + random.nextLong(60 * SECOND)));
        }
      }
      for (int p = 0; p < 4 && ids.size() > 60; p++) {
        TraceId old = ids.get(random.nextInt(ids.size() - 30));
        spans.add(span(random, old, spanIds, base + random.nextLong(60 * SECOND)));
      }
      write(store, spans, written);
      store.flush();
    }
    List<Span> early = new ArrayList<>();
    for (int p = 0; p < 6; p++) {
      TraceId recent = ids.get(ids.size() - 1 - random.nextInt(50));
      early.add(span(random, recent, spanIds, T0 + random.nextLong(100 * SECOND)));
    }
    write(store, early, written);
    store.flush();
    List<Span> head = new ArrayList<>();
    for (int p = 0; p < 8; p++) {
      TraceId any = ids.get(random.nextInt(ids.size()));
      head.add(span(random, any, spanIds, T0 + random.nextLong(600 * SECOND)));
    }
    for (int t = 0; t < 5; t++) {
      TraceId id = new TraceId(random.nextLong(), random.nextLong() | 1);
      head.add(span(random, id, spanIds, T0 + random.nextLong(600 * SECOND)));
    }
    write(store, head, written);
  }

  private static void write(EmbeddedTraceStore store, List<Span> spans, List<Span> written) {
    store.write(TENANT, SpanBatch.of(spans)).join();
    written.addAll(spans);
  }

  private static TimeRange range(SplittableRandom random) {
    if (random.nextInt(4) == 0) {
      return TimeRange.ALL;
    }
    long start = T0 - 60 * SECOND + random.nextLong(660 * SECOND);
    return new TimeRange(start, start + random.nextLong(1, 300 * SECOND));
  }

  private static List<SearchHint> hints(SplittableRandom random) {
    List<SearchHint> hints = new ArrayList<>();
    if (random.nextInt(3) == 0) {
      hints.add(new SearchHint.ServiceName(SERVICES[random.nextInt(SERVICES.length)]));
    }
    if (random.nextInt(4) == 0) {
      hints.add(new SearchHint.Status(StatusCode.ERROR));
    }
    if (random.nextInt(4) == 0) {
      hints.add(new SearchHint.MinSpanDuration(random.nextLong(1, 50) * 1_000_000L));
    }
    if (random.nextInt(3) == 0) {
      // Traces whose parts are minutes apart last minutes; most last under a minute.
      hints.add(new SearchHint.MinTraceDuration(random.nextLong(1, 120) * SECOND));
    }
    return hints;
  }

  /** Every whole trace judged by the hints on all its spans, in newest-first order. */
  private static List<Trace> expected(
      Iterable<Trace> traces,
      TimeRange range,
      List<SearchHint> hints,
      Optional<SearchCursor> after) {
    List<Trace> out = new ArrayList<>();
    for (Trace trace : traces) {
      if (SearchHints.overlaps(trace, range)
          && SearchHints.mayMatch(trace, hints)
          && (after.isEmpty()
              || SearchOrder.isAfter(trace.startNanos(), trace.traceId(), after.get()))) {
        out.add(trace);
      }
    }
    out.sort(
        (a, b) -> SearchOrder.compare(a.startNanos(), a.traceId(), b.startNanos(), b.traceId()));
    return out;
  }

  private static Map<TraceId, Trace> byTrace(List<Span> spans) {
    Map<TraceId, List<Span>> parts = new HashMap<>();
    for (Span span : spans) {
      parts.computeIfAbsent(span.traceId(), id -> new ArrayList<>()).add(span);
    }
    Map<TraceId, Trace> traces = new HashMap<>();
    parts.forEach((id, list) -> traces.put(id, new Trace(id, list)));
    return traces;
  }

  private static List<TraceId> ids(EmbeddedTraceStore store, SearchRequest request) {
    try (Stream<Trace> found = store.search(TENANT, request)) {
      return found.map(Trace::traceId).toList();
    }
  }

  private static List<TraceId> ids(List<Trace> traces) {
    return traces.stream().map(Trace::traceId).toList();
  }

  private static EmbeddedTraceStore open(Path dir) {
    return EmbeddedTraceStore.open(
        EmbeddedStoreConfig.builder(dir)
            .clock(InstantSource.fixed(Instant.ofEpochSecond(T0 / SECOND)))
            .retention(Duration.ofDays(365))
            .rowGroupRows(16)
            .readThreads(3)
            .maintenanceInterval(Duration.ZERO)
            .walSync(WalSync.NONE)
            .build());
  }

  private static Span span(SplittableRandom random, TraceId trace, long[] spanIds, long start) {
    String service = SERVICES[random.nextInt(SERVICES.length)];
    return Span.builder(trace, new SpanId(spanIds[0]++))
        .name("op" + random.nextInt(3))
        .startNanos(start)
        .endNanos(start + random.nextLong(1, 60) * 1_000_000L)
        .status(random.nextInt(5) == 0 ? Status.error("boom") : Status.UNSET)
        .resource(Resource.of(Attributes.of(Resource.SERVICE_NAME, AttributeValue.of(service))))
        .build();
  }
}
