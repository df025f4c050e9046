package dev.hopscope.store.testing;

import static dev.hopscope.store.testing.TraceFixtures.SECOND;
import static dev.hopscope.store.testing.TraceFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.StatusCode;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.SearchCursor;
import dev.hopscope.store.SearchHint;
import dev.hopscope.store.SearchHints;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.StoreException;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link TraceStore} must have. A store's test extends this class and says how
 * to open it; stages a store does not have (blocks, compaction) are no-ops by default. A store that
 * cannot pass a test overrides it with {@code @Disabled("reason")}.
 */
public abstract class TraceStoreConformance {
  protected static final String TENANT = "acme";
  private static final List<SearchOrder> ORDERS = List.of(SearchOrder.values());

  protected final MutableClock clock = MutableClock.atNanos(T0 + 3600 * SECOND);
  protected TraceStore store;

  /** Set by a test that closes the store itself, so it is not closed twice. */
  private boolean closedByTest;

  /** Opens an empty store that reads time from the fixture's clock. */
  protected abstract TraceStore open(StoreFixture fixture);

  /** Moves everything written so far out of the head into durable blocks, if the store has them. */
  protected void flush(TraceStore store) {}

  /** Merges blocks now, if the store compacts. */
  protected void compact(TraceStore store) {}

  /** Applies retention now (after the clock moved). */
  protected void enforceRetention(TraceStore store) {}

  /**
   * Returns once everything acknowledged so far is visible to reads. A store that reads its own
   * writes (the embedded and in-memory stores) has nothing to wait for; a distributed backend,
   * whose acknowledgement means "durable in the log" before a reader has consumed it, waits here
   * (bounded) so that the suite asserts answers, not timing.
   */
  protected void awaitVisible(TraceStore store) {}

  /** The stages a trace's parts can live in; every read test runs at each. */
  private enum Stage {
    HEAD,
    BLOCKS,
    COMPACTED
  }

  @BeforeEach
  void openStore() {
    store = open(new StoreFixture(clock, Duration.ofDays(7)));
    closedByTest = false;
  }

  @AfterEach
  void closeStore() {
    if (!closedByTest) {
      store.close();
    }
  }

  protected void write(String tenant, SpanBatch batch) {
    try {
      store.write(tenant, batch).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("write failed", e);
    }
    awaitVisible(store);
  }

  /** Writes the traces in three parts, flushing between them so that parts land in each stage. */
  private List<Trace> writeInParts(List<Trace> traces, Stage stage) {
    List<List<Span>> parts = TraceFixtures.split(traces, 3);
    for (List<Span> part : parts) {
      write(TENANT, SpanBatch.of(part));
      if (stage != Stage.HEAD) {
        flush(store);
      }
    }
    if (stage == Stage.COMPACTED) {
      compact(store);
    }
    return traces;
  }

  @Test
  void roundTripsEveryFieldAndAttributeType() {
    TraceId id = new TraceId(0x0102030405060708L, 0x090a0b0c0d0e0f10L);
    Span every = TraceFixtures.everyField(id, 42, T0);
    write(TENANT, SpanBatch.of(List.of(every)));
    assertThat(store.trace(TENANT, id)).contains(new Trace(id, List.of(every)));
    flush(store);
    assertThat(store.trace(TENANT, id)).contains(new Trace(id, List.of(every)));
    compact(store);
    assertThat(store.trace(TENANT, id)).contains(new Trace(id, List.of(every)));
  }

  @Test
  void readsRandomTracesBackAtEveryStage() {
    for (Stage stage : Stage.values()) {
      closeStore();
      openStore();
      List<Trace> traces =
          writeInParts(TraceFixtures.randomTraces(7 + stage.ordinal(), 150), stage);
      for (Trace trace : traces) {
        assertThat(store.trace(TENANT, trace.traceId()))
            .as("%s at %s", trace.traceId(), stage)
            .contains(trace);
      }
      assertThat(store.trace(TENANT, new TraceId(7, 7))).isEmpty();
    }
  }

  @Test
  void mergesLateSpansAndDropsExactDuplicates() {
    List<Trace> traces = TraceFixtures.randomTraces(11, 20);
    SpanBatch all = TraceFixtures.batchOf(traces);
    write(TENANT, all);
    flush(store);
    write(TENANT, all);
    for (Trace trace : traces) {
      assertThat(store.trace(TENANT, trace.traceId())).contains(trace);
    }
    compact(store);
    for (Trace trace : traces) {
      assertThat(store.trace(TENANT, trace.traceId())).contains(trace);
    }
  }

  private static List<SearchHint> everyHint() {
    return List.of(
        new SearchHint.ServiceName("auth"),
        new SearchHint.ServiceName("ünïcødé"),
        new SearchHint.ServiceName("no-such-service"),
        new SearchHint.SpanName("ValidateToken"),
        new SearchHint.SpanName(""),
        new SearchHint.Status(StatusCode.ERROR),
        new SearchHint.Status(StatusCode.UNSET),
        new SearchHint.MinSpanDuration(4_000_000),
        new SearchHint.MaxSpanDuration(500_000),
        new SearchHint.MinTraceDuration(8_000_000),
        new SearchHint.MinTraceDuration(0),
        new SearchHint.AttributeEquals(SearchHint.Scope.SPAN, "attr.3", AttributeValue.of(true)),
        new SearchHint.AttributeEquals(
            SearchHint.Scope.RESOURCE, "deployment.environment.name", AttributeValue.of("staging")),
        new SearchHint.AttributeEquals(
            SearchHint.Scope.ANY, "service.name", AttributeValue.of("payments")),
        new SearchHint.AttributeEquals(
            SearchHint.Scope.SPAN, "service.name", AttributeValue.of("payments")),
        new SearchHint.AttributeEquals(SearchHint.Scope.ANY, "attr.7", AttributeValue.of("")));
  }

  /**
   * A hint for a scalar element of the first few array attributes of the traces (span and resource,
   * each at the scope it lives in and at ANY): {@code AttributeEquals} matches array elements, and
   * a store that compares whole values (or blooms that only hold whole arrays) drops those traces.
   */
  private static List<SearchHint> arrayElementHints(List<Trace> traces) {
    List<SearchHint> out = new ArrayList<>();
    for (Trace trace : traces) {
      for (Span span : trace.spans()) {
        span.attributes()
            .forEach((key, value) -> addElementHint(out, SearchHint.Scope.SPAN, key, value));
        span.resource()
            .attributes()
            .forEach((key, value) -> addElementHint(out, SearchHint.Scope.RESOURCE, key, value));
        if (out.size() >= 8) {
          return out;
        }
      }
    }
    assertThat(out).as("the fixtures hold array attributes").isNotEmpty();
    return out;
  }

  private static void addElementHint(
      List<SearchHint> out, SearchHint.Scope scope, String key, AttributeValue value) {
    if (out.size() >= 8 || !(value instanceof AttributeValue.ArrayValue array)) {
      return;
    }
    for (AttributeValue element : array.values()) {
      if (element instanceof AttributeValue.StringValue
          || element instanceof AttributeValue.BoolValue
          || element instanceof AttributeValue.LongValue) {
        out.add(new SearchHint.AttributeEquals(scope, key, element));
        out.add(new SearchHint.AttributeEquals(SearchHint.Scope.ANY, key, element));
        return;
      }
    }
  }

  @Test
  void hintsNeverDropATraceThatCanMatch() {
    for (Stage stage : Stage.values()) {
      closeStore();
      openStore();
      List<Trace> traces = writeInParts(TraceFixtures.randomTraces(21, 200), stage);
      Map<TraceId, Trace> byId = TraceFixtures.byId(traces);
      List<SearchHint> hints = everyHint();
      List<List<SearchHint>> cases = new ArrayList<>();
      hints.forEach(hint -> cases.add(List.of(hint)));
      cases.add(List.of(hints.get(0), hints.get(5)));
      cases.add(List.of(hints.get(3), hints.get(7), hints.get(10)));
      arrayElementHints(traces).forEach(hint -> cases.add(List.of(hint)));
      TimeRange narrow = new TimeRange(T0 + SECOND / 4, T0 + SECOND / 2);
      for (TimeRange range : List.of(TimeRange.ALL, narrow)) {
        for (List<SearchHint> hintCase : cases) {
          Set<TraceId> expected = new HashSet<>();
          for (Trace trace : traces) {
            if (SearchHints.overlaps(trace, range) && SearchHints.mayMatch(trace, hintCase)) {
              expected.add(trace.traceId());
            }
          }
          SearchRequest request =
              new SearchRequest(range, hintCase, SearchOrder.NEWEST_FIRST, Optional.empty());
          Set<TraceId> matched = new HashSet<>();
          for (Trace trace : searchAll(request)) {
            assertThat(SearchHints.overlaps(trace, range)).as("returned trace in range").isTrue();
            if (SearchHints.mayMatch(trace, hintCase)) {
              matched.add(trace.traceId());
              assertThat(trace).isEqualTo(byId.get(trace.traceId()));
            }
          }
          assertThat(matched).as("%s %s at %s", hintCase, range, stage).isEqualTo(expected);
        }
      }
    }
  }

  private List<Trace> searchAll(SearchRequest request) {
    try (Stream<Trace> results = store.search(TENANT, request)) {
      return results.toList();
    }
  }

  @Test
  void ordersDeterministicallyAndPagesStablyWhileIngestContinues() {
    for (SearchOrder order : ORDERS) {
      closeStore();
      openStore();
      List<Trace> traces = writeInParts(TraceFixtures.randomTraces(31, 120), Stage.BLOCKS);
      List<Trace> all =
          searchAll(new SearchRequest(TimeRange.ALL, List.of(), order, Optional.empty()));
      assertThat(all).hasSize(traces.size());
      for (int i = 1; i < all.size(); i++) {
        Trace a = all.get(i - 1);
        Trace b = all.get(i);
        assertThat(
                SearchOrder.compare(order.sortKey(a), a.traceId(), order.sortKey(b), b.traceId()))
            .as("%s order at %d", order, i)
            .isNegative();
      }
      List<Trace> paged = new ArrayList<>();
      Optional<SearchCursor> cursor = Optional.empty();
      int page = 0;
      while (true) {
        List<Trace> results;
        try (Stream<Trace> stream =
            store.search(TENANT, new SearchRequest(TimeRange.ALL, List.of(), order, cursor))) {
          results = stream.limit(7).toList();
        }
        if (results.isEmpty()) {
          break;
        }
        paged.addAll(results);
        Trace last = results.getLast();
        cursor = Optional.of(new SearchCursor(order.sortKey(last), last.traceId()));
        // New traces arrive between pages, some sorting before the cursor and some after it.
        write(TENANT, TraceFixtures.batchOf(TraceFixtures.randomTraces(1000 + page++, 3)));
      }
      Set<TraceId> original = TraceFixtures.byId(traces).keySet();
      List<Trace> pagedOriginal =
          paged.stream().filter(trace -> original.contains(trace.traceId())).toList();
      assertThat(pagedOriginal).as("%s pages", order).isEqualTo(all);
    }
  }

  @Test
  void searchKeepsToTheTimeRange() {
    TraceId early = new TraceId(1, 1);
    TraceId late = new TraceId(1, 2);
    write(
        TENANT,
        SpanBatch.of(
            List.of(
                TraceFixtures.span(early, 1, "webapp", "GET /", T0, SECOND),
                TraceFixtures.span(late, 2, "webapp", "GET /", T0 + 10 * SECOND, SECOND))));
    flush(store);
    assertThat(searchAll(SearchRequest.of(new TimeRange(T0 + 5 * SECOND, T0 + 20 * SECOND))))
        .extracting(Trace::traceId)
        .containsExactly(late);
    assertThat(searchAll(SearchRequest.of(new TimeRange(T0 + SECOND / 2, T0 + 2 * SECOND))))
        .extracting(Trace::traceId)
        .containsExactly(early);
    assertThat(searchAll(SearchRequest.of(new TimeRange(T0 + 3 * SECOND, T0 + 4 * SECOND))))
        .isEmpty();
  }

  @Test
  void listsServicesOperationsAndAttributes() {
    for (Stage stage : Stage.values()) {
      closeStore();
      openStore();
      List<Trace> traces = writeInParts(TraceFixtures.randomTraces(41, 60), stage);
      Set<String> services = new java.util.TreeSet<>();
      Set<String> authOps = new java.util.TreeSet<>();
      Set<String> names = new java.util.TreeSet<>();
      Set<String> values = new java.util.TreeSet<>();
      for (Trace trace : traces) {
        for (Span span : trace.spans()) {
          services.add(span.serviceName());
          if (span.serviceName().equals("auth")) {
            authOps.add(span.name());
          }
          span.attributes().asMap().keySet().forEach(key -> names.add("span." + key));
          span.resource()
              .attributes()
              .asMap()
              .keySet()
              .forEach(key -> names.add("resource." + key));
          AttributeValue version = span.resource().attributes().get("service.version");
          if (version != null && version.asText().startsWith("1.0.")) {
            values.add(version.asText());
          }
        }
      }
      assertThat(store.services(TENANT, TimeRange.ALL))
          .as("%s", stage)
          .containsExactlyElementsOf(services);
      assertThat(store.operations(TENANT, "auth", TimeRange.ALL))
          .containsExactlyElementsOf(authOps);
      assertThat(store.attributeNames(TENANT, TimeRange.ALL)).containsExactlyElementsOf(names);
      assertThat(
              store.attributeValues(TENANT, "resource.service.version", "1.0.", TimeRange.ALL, 100))
          .containsExactlyElementsOf(values);
      assertThat(
              store.attributeValues(TENANT, "resource.service.version", "1.0.", TimeRange.ALL, 1))
          .containsExactly(values.iterator().next());
      TimeRange before = new TimeRange(T0 - 10 * SECOND, T0 - SECOND);
      assertThat(store.services(TENANT, before)).isEmpty();
      assertThat(store.attributeNames(TENANT, before)).isEmpty();
    }
  }

  @Test
  void tenantsNeverSeeEachOther() {
    List<Trace> traces = TraceFixtures.randomTraces(51, 10);
    write("tenant-a", TraceFixtures.batchOf(traces));
    flush(store);
    TraceId id = traces.getFirst().traceId();
    assertThat(store.trace("tenant-a", id)).isPresent();
    assertThat(store.trace("tenant-b", id)).isEmpty();
    assertThat(searchAll("tenant-b")).isEmpty();
    assertThat(store.services("tenant-b", TimeRange.ALL)).isEmpty();
    assertThat(store.attributeNames("tenant-b", TimeRange.ALL)).isEmpty();
    List<Trace> scanned = new ArrayList<>();
    store.scan("tenant-b", TimeRange.ALL, scanned::add);
    assertThat(scanned).isEmpty();
    assertThat(store.tenants()).containsExactly("tenant-a");
    assertThatThrownBy(() -> store.trace("../etc", id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tenant");
  }

  private List<Trace> searchAll(String tenant) {
    try (Stream<Trace> results = store.search(tenant, SearchRequest.of(TimeRange.ALL))) {
      return results.toList();
    }
  }

  @Test
  void retentionDropsOldTracesAndKeepsRecentOnes() {
    long now = T0 + 3600 * SECOND;
    TraceId old = new TraceId(2, 1);
    TraceId recent = new TraceId(2, 2);
    write(
        TENANT,
        SpanBatch.of(
            List.of(
                TraceFixtures.span(old, 1, "webapp", "old", now - 10 * 86400 * SECOND, SECOND))));
    flush(store);
    write(
        TENANT,
        SpanBatch.of(
            List.of(TraceFixtures.span(recent, 2, "webapp", "recent", now - SECOND, SECOND))));
    flush(store);
    enforceRetention(store);
    assertThat(store.trace(TENANT, old)).isEmpty();
    assertThat(store.trace(TENANT, recent)).isPresent();
    clock.advance(Duration.ofDays(8));
    enforceRetention(store);
    assertThat(store.trace(TENANT, recent)).isEmpty();
  }

  @Test
  void scanVisitsEveryTraceWithASpanStartingInTheWindow() {
    List<Trace> traces = writeInParts(TraceFixtures.randomTraces(61, 80), Stage.BLOCKS);
    TimeRange window = new TimeRange(T0 + SECOND / 3, T0 + 2 * SECOND / 3);
    Map<TraceId, Trace> expected = new java.util.HashMap<>();
    for (Trace trace : traces) {
      if (trace.spans().stream().anyMatch(span -> window.contains(span.startNanos()))) {
        expected.put(trace.traceId(), trace);
      }
    }
    Map<TraceId, Trace> scanned = new java.util.HashMap<>();
    store.scan(TENANT, window, trace -> assertThat(scanned.put(trace.traceId(), trace)).isNull());
    assertThat(scanned).isEqualTo(expected);
  }

  @Test
  void aCappedScanHandsOverTheLatestStartingTracesAndSaysItWasCapped() {
    List<Trace> traces = writeInParts(TraceFixtures.randomTraces(62, 40), Stage.BLOCKS);
    List<TraceId> latest =
        traces.stream()
            .sorted(java.util.Comparator.comparingLong(Trace::startNanos).reversed())
            .limit(10)
            .map(Trace::traceId)
            .toList();
    List<TraceId> scanned = new ArrayList<>();
    assertThat(store.scan(TENANT, TimeRange.ALL, 10, trace -> scanned.add(trace.traceId())))
        .isTrue();
    assertThat(scanned).containsExactlyInAnyOrderElementsOf(latest);
    List<Trace> all = new ArrayList<>();
    assertThat(store.scan(TENANT, TimeRange.ALL, 100, all::add)).isFalse();
    assertThat(all).containsExactlyInAnyOrderElementsOf(traces);
  }

  @Test
  void writesAfterCloseFail() {
    store.close();
    var future = store.write(TENANT, TraceFixtures.batchOf(TraceFixtures.randomTraces(71, 1)));
    assertThatThrownBy(future::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(StoreException.class);
    closedByTest = true;
  }

  @Test
  void reportsHealthy() {
    assertThat(store.check().isHealthy()).as("%s", store.check().problems()).isTrue();
  }
}
