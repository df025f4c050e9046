package dev.hopscope.cluster.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.StatusCode;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.SearchCursor;
import dev.hopscope.store.SearchHint;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.embedded.internal.codec.ByteSink;
import dev.hopscope.store.embedded.internal.codec.ByteSource;
import dev.hopscope.store.embedded.internal.codec.MalformedDataException;
import dev.hopscope.store.testing.TraceFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What a querier sends a live store and what comes back arrive unchanged, bit for bit. */
class StoreWireTest {

  @Test
  void searchRequestsWithEveryHintOrderCursorAndRangeSurviveTheTrip() {
    List<SearchRequest> requests = new ArrayList<>();
    // The edges first: every hint type, every attribute value type, every order, no cursor.
    List<SearchHint> every = new ArrayList<>();
    every.add(new SearchHint.ServiceName("checkout ✓"));
    every.add(new SearchHint.SpanName(""));
    for (StatusCode code : StatusCode.values()) {
      every.add(new SearchHint.Status(code));
    }
    every.add(new SearchHint.MinSpanDuration(Long.MIN_VALUE));
    every.add(new SearchHint.MaxSpanDuration(Long.MAX_VALUE));
    TraceFixtures.everyAttributeType()
        .forEach(
            (key, value) -> {
              for (SearchHint.Scope scope : SearchHint.Scope.values()) {
                every.add(new SearchHint.AttributeEquals(scope, key, value));
              }
            });
    for (SearchOrder order : SearchOrder.values()) {
      requests.add(new SearchRequest(TimeRange.ALL, every, order, Optional.empty()));
      requests.add(
          new SearchRequest(
              new TimeRange(-5, -5),
              List.of(),
              order,
              Optional.of(new SearchCursor(Long.MIN_VALUE, new TraceId(-1, -1)))));
    }
    // Then seeded random ones.
    SplittableRandom random = new SplittableRandom(18);
    for (int i = 0; i < 500; i++) {
      requests.add(randomRequest(random, every));
    }
    for (SearchRequest request : requests) {
      ByteSink out = StoreWire.request("tenant-" + requests.indexOf(request));
      StoreWire.writeSearch(out, request);
      ByteSource in = new ByteSource(out.toByteArray());
      assertThat(StoreWire.readRequest(in)).isEqualTo("tenant-" + requests.indexOf(request));
      SearchRequest back = StoreWire.readSearch(in);
      assertThat(back).isEqualTo(request);
      assertThat(in.hasRemaining()).isFalse();
    }
  }

  private static SearchRequest randomRequest(SplittableRandom random, List<SearchHint> pool) {
    long start = random.nextLong();
    long end = start + random.nextLong(0, Long.MAX_VALUE);
    if (end < start) {
      end = Long.MAX_VALUE;
    }
    List<SearchHint> hints = new ArrayList<>();
    for (int h = random.nextInt(5); h > 0; h--) {
      hints.add(pool.get(random.nextInt(pool.size())));
    }
    hints.add(new SearchHint.MinSpanDuration(random.nextLong()));
    Optional<SearchCursor> after =
        random.nextBoolean()
            ? Optional.of(
                new SearchCursor(
                    random.nextLong(), new TraceId(random.nextLong(), random.nextLong())))
            : Optional.empty();
    SearchOrder order = SearchOrder.values()[random.nextInt(SearchOrder.values().length)];
    return new SearchRequest(new TimeRange(start, end), hints, order, after);
  }

  @Test
  void tracePagesKeepEverySpanFieldAndTheOrderOfTraces() {
    List<Trace> traces = new ArrayList<>(TraceFixtures.randomTraces(18, 300));
    TraceId rich = new TraceId(7, 8);
    traces.add(
        new Trace(
            rich,
            List.of(
                TraceFixtures.everyField(rich, 1, TraceFixtures.T0),
                TraceFixtures.everyField(rich, 2, TraceFixtures.T0 + 5))));
    // Search pages come in the store's order, not the ids': keep it.
    java.util.Collections.shuffle(traces, new java.util.Random(18));
    for (List<Trace> page : List.of(traces, traces.subList(0, 1), List.<Trace>of())) {
      ByteSink out = StoreWire.reply();
      StoreWire.writeTraces(out, page);
      ByteSource in = StoreWire.readReply(out.toByteArray());
      assertThat(StoreWire.readTraces(in)).isEqualTo(page);
      assertThat(in.hasRemaining()).isFalse();
    }
  }

  @Test
  void listsAndRangesSurviveTheTrip() {
    List<String> names = List.of("", "span.http.method", "résumé", "a".repeat(10_000));
    ByteSink out = StoreWire.reply();
    StoreWire.writeStrings(out, names);
    StoreWire.writeRange(out, new TimeRange(Long.MIN_VALUE, Long.MAX_VALUE));
    StoreWire.writeTraceId(out, new TraceId(Long.MIN_VALUE, -1));
    ByteSource in = StoreWire.readReply(out.toByteArray());
    assertThat(StoreWire.readStrings(in)).isEqualTo(names);
    assertThat(StoreWire.readRange(in)).isEqualTo(TimeRange.ALL);
    assertThat(StoreWire.readTraceId(in)).isEqualTo(new TraceId(Long.MIN_VALUE, -1));
  }

  @Test
  void anotherWireVersionIsRefusedNamingBothVersionsAndTheFix() {
    byte[] future =
        new ByteSink().writeVarInt(StoreWire.VERSION + 1).writeString("t").toByteArray();
    assertThatThrownBy(() -> StoreWire.readRequest(new ByteSource(future)))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("wire version " + (StoreWire.VERSION + 1))
        .hasMessageContaining("speaks " + StoreWire.VERSION)
        .hasMessageContaining("same Hopscope version");
  }

  @Test
  void anAttributeHintKeepsItsValueTypeExactly() {
    // 1 and 1.0 and "1" are different hints; a lossy encoding would merge them.
    List<AttributeValue> values =
        List.of(AttributeValue.of(1L), AttributeValue.of(1.0), AttributeValue.of("1"));
    for (AttributeValue value : values) {
      SearchRequest request =
          new SearchRequest(
              TimeRange.ALL,
              List.of(new SearchHint.AttributeEquals(SearchHint.Scope.SPAN, "n", value)),
              SearchOrder.NEWEST_FIRST,
              Optional.empty());
      ByteSink out = StoreWire.request("t");
      StoreWire.writeSearch(out, request);
      ByteSource in = new ByteSource(out.toByteArray());
      StoreWire.readRequest(in);
      SearchHint.AttributeEquals hint =
          (SearchHint.AttributeEquals) StoreWire.readSearch(in).hints().get(0);
      assertThat(hint.value()).isEqualTo(value).hasSameClassAs(value);
    }
  }
}
