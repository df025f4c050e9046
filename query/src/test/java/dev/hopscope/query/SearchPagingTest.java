package dev.hopscope.query;

import static dev.hopscope.query.Shop.CHECKOUT;
import static dev.hopscope.query.Shop.ORPHAN;
import static dev.hopscope.query.Shop.PAYMENT;
import static dev.hopscope.query.Shop.PRODUCTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.TraceId;
import dev.hopscope.query.traceql.TraceQlException;
import dev.hopscope.store.SearchCursor;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.memory.InMemoryTraceStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Order, time range, cursors and limits of {@link TraceQlEngine#search}. */
class SearchPagingTest {
  private static final TraceQlEngine ENGINE = TraceQlEngine.create();
  private final InMemoryTraceStore store = Shop.store();

  @AfterEach
  void close() {
    store.close();
  }

  private SearchResult page(
      String query, int limit, SearchOrder order, Optional<SearchCursor> after) {
    return ENGINE.search(store, Shop.TENANT, query, TimeRange.ALL, limit, order, after);
  }

  private static List<TraceId> ids(SearchResult result) {
    return result.traces().stream().map(m -> m.trace().traceId()).toList();
  }

  @Test
  void longestFirst() {
    assertThat(ids(page("{ }", 10, SearchOrder.LONGEST_FIRST, Optional.empty())))
        .containsExactly(PAYMENT, CHECKOUT, PRODUCTS, ORPHAN);
  }

  @Test
  void pagesOfOneVisitEveryTraceOnceInOrder() {
    for (SearchOrder order : SearchOrder.values()) {
      List<TraceId> all = ids(page("{ }", 10, order, Optional.empty()));
      List<TraceId> paged = new ArrayList<>();
      Optional<SearchCursor> cursor = Optional.empty();
      do {
        SearchResult result = page("{ }", 1, order, cursor);
        paged.addAll(ids(result));
        cursor = result.next();
      } while (cursor.isPresent());
      assertThat(paged).isEqualTo(all);
    }
  }

  @Test
  void cursorSurvivesTheCursorTextRoundTrip() {
    SearchResult first = page("{ status != error }", 2, SearchOrder.NEWEST_FIRST, Optional.empty());
    assertThat(ids(first)).containsExactly(ORPHAN, PAYMENT);
    SearchCursor decoded = SearchCursor.decode(first.next().orElseThrow().encode());
    assertThat(ids(page("{ status != error }", 2, SearchOrder.NEWEST_FIRST, Optional.of(decoded))))
        .containsExactly(PRODUCTS, CHECKOUT);
  }

  @Test
  void cursorStaysStableWhileIngestContinues() {
    SearchResult first = page("{ }", 2, SearchOrder.NEWEST_FIRST, Optional.empty());
    assertThat(ids(first)).containsExactly(ORPHAN, PAYMENT);
    TraceId newer = new TraceId(0, 10);
    TraceId older = new TraceId(0, 11);
    store
        .write(
            Shop.TENANT,
            SpanBatch.of(
                List.of(
                    Shop.span(
                            newer, 1, 0, Shop.resource("webapp"), "late", SpanKind.SERVER, 9000, 5)
                        .build(),
                    Shop.span(
                            older, 1, 0, Shop.resource("webapp"), "old", SpanKind.SERVER, -1000, 5)
                        .build())))
        .join();
    SearchResult second = page("{ }", 10, SearchOrder.NEWEST_FIRST, first.next());
    assertThat(ids(second)).containsExactly(PRODUCTS, CHECKOUT, older);
    assertThat(second.next()).isEmpty();
  }

  @Test
  void fullPageNamesItsLastTrace() {
    SearchResult result = page("{ kind = server }", 1, SearchOrder.NEWEST_FIRST, Optional.empty());
    assertThat(result.next()).contains(new SearchCursor(Shop.T0 + 2_000_000_000L, PRODUCTS));
  }

  @Test
  void timeRangeKeepsTracesWithASpanInside() {
    TimeRange range = new TimeRange(Shop.T0 + 1_500_000_000L, Shop.T0 + 3_500_000_000L);
    SearchResult result =
        ENGINE.search(
            store, Shop.TENANT, "{ }", range, 10, SearchOrder.NEWEST_FIRST, Optional.empty());
    assertThat(ids(result)).containsExactly(PAYMENT, PRODUCTS);
  }

  @Test
  void inspectionLimitEndsThePageWithACursorToContinue() {
    // A regex gives the store no hint, so it hands over every trace for inspection.
    SearchLimits limits = new SearchLimits(2, Duration.ofMinutes(1), InstantSource.system());
    SearchResult first =
        ENGINE.search(
            store,
            Shop.TENANT,
            ENGINE.parse("{ name =~ \"ren.*\" }"),
            TimeRange.ALL,
            10,
            SearchOrder.NEWEST_FIRST,
            Optional.empty(),
            limits);
    assertThat(first.traces()).isEmpty();
    assertThat(first.inspectedTraces()).isEqualTo(2);
    assertThat(first.stoppedBy()).hasValueSatisfying(m -> assertThat(m).contains("raise"));
    SearchResult second =
        ENGINE.search(
            store,
            Shop.TENANT,
            ENGINE.parse("{ name =~ \"ren.*\" }"),
            TimeRange.ALL,
            10,
            SearchOrder.NEWEST_FIRST,
            first.next(),
            limits);
    assertThat(ids(second)).containsExactly(CHECKOUT);
    assertThat(second.next()).isEmpty();
  }

  @Test
  void timeLimitUsesTheInjectedClock() {
    // Every reading of this clock is one second later than the last.
    long[] seconds = {0};
    InstantSource ticking = () -> Instant.ofEpochSecond(seconds[0]++);
    SearchLimits limits = new SearchLimits(Long.MAX_VALUE, Duration.ofMillis(1500), ticking);
    SearchResult result =
        ENGINE.search(
            store,
            Shop.TENANT,
            ENGINE.parse("{ }"),
            TimeRange.ALL,
            10,
            SearchOrder.NEWEST_FIRST,
            Optional.empty(),
            limits);
    // Read at start (0s), after the first trace (1s) and after the second (2s > 1.5s).
    assertThat(ids(result)).containsExactly(ORPHAN, PAYMENT);
    assertThat(result.stoppedBy()).hasValueSatisfying(m -> assertThat(m).contains("time limit"));
    assertThat(result.next()).isPresent();
  }

  @Test
  void badQueryIsATraceQlExceptionWithItsPosition() {
    assertThatThrownBy(() -> page("{ .a = }", 10, SearchOrder.NEWEST_FIRST, Optional.empty()))
        .isInstanceOfSatisfying(
            TraceQlException.class,
            e -> {
              assertThat(e.position()).isEqualTo("1:8");
              assertThat(e).isInstanceOf(IllegalArgumentException.class);
              assertThat(e.getMessage()).contains("expected a value");
            });
  }

  @Test
  void limitMustBePositive() {
    assertThatThrownBy(() -> page("{ }", 0, SearchOrder.NEWEST_FIRST, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit must be at least 1");
  }
}
