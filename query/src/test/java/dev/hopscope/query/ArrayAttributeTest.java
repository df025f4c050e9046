package dev.hopscope.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.memory.InMemoryTraceStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Array attributes compare element by element, as Tempo's do: {@code =}, {@code =~} and the
 * orderings when some element satisfies them, {@code !=} and {@code !~} when every element does.
 * Each query is also run with the store's hints dropped: the answers must be the same.
 */
class ArrayAttributeTest {
  private static final InMemoryTraceStore STORE = store();
  private static final EngineFixture WITH_HINTS = new EngineFixture(STORE);
  private static final EngineFixture WITHOUT_HINTS =
      new EngineFixture(new HintDroppingSource(STORE));

  @AfterAll
  static void close() {
    STORE.close();
  }

  private static AttributeValue array(AttributeValue... values) {
    return new AttributeValue.ArrayValue(List.of(values));
  }

  private static AttributeValue strings(String... values) {
    return new AttributeValue.ArrayValue(Arrays.stream(values).map(AttributeValue::of).toList());
  }

  /**
   * One span per trace (newest first in answers: e, d, c, b, a):
   *
   * <pre>
   * a  tags=[nightly, beta]  codes=[200, 503]  flags=[true]  ratios=[0.5, 1.5]
   * b  tags=[beta]           codes=[]
   * c  tags="nightly" (a plain string)
   * d  resource zones=[eu-1, us-2]
   * e  tags=[]  blob=bytes  map=kvlist  nested=[[nightly]]
   * </pre>
   */
  private static InMemoryTraceStore store() {
    InMemoryTraceStore store =
        InMemoryTraceStore.builder()
            .clock(InstantSource.fixed(Instant.ofEpochSecond(Shop.T0 / 1_000_000_000L + 3600)))
            .retention(Duration.ofDays(365))
            .build();
    List<Span> spans = new ArrayList<>();
    spans.add(
        span(1, "a", Shop.resource("s"))
            .attributes(
                Attributes.builder()
                    .put("tags", strings("nightly", "beta"))
                    .put("codes", array(AttributeValue.of(200L), AttributeValue.of(503L)))
                    .put("flags", array(AttributeValue.of(true)))
                    .put("ratios", array(AttributeValue.of(0.5), AttributeValue.of(1.5)))
                    .build())
            .build());
    spans.add(
        span(2, "b", Shop.resource("s"))
            .attributes(
                Attributes.builder().put("tags", strings("beta")).put("codes", array()).build())
            .build());
    spans.add(
        span(3, "c", Shop.resource("s"))
            .attributes(Attributes.of("tags", AttributeValue.of("nightly")))
            .build());
    spans.add(
        span(
                4,
                "d",
                Resource.of(
                    Attributes.builder()
                        .put("service.name", "s")
                        .put("zones", strings("eu-1", "us-2"))
                        .build()))
            .build());
    spans.add(
        span(5, "e", Shop.resource("s"))
            .attributes(
                Attributes.builder()
                    .put("tags", array())
                    .put("blob", new AttributeValue.BytesValue(new byte[] {1, 2}))
                    .put(
                        "map",
                        new AttributeValue.KeyValueListValue(
                            Attributes.of("k", AttributeValue.of("nightly"))))
                    .put("nested", array(strings("nightly")))
                    .build())
            .build());
    store.write(Shop.TENANT, SpanBatch.of(spans)).join();
    return store;
  }

  private static Span.Builder span(long trace, String name, Resource resource) {
    return Shop.span(
        new TraceId(0, trace), 1, 0, resource, name, SpanKind.INTERNAL, trace * 1000, 10);
  }

  /** The names of the matching spans, the same with and without the store's hints. */
  private static List<String> spans(String query) {
    List<String> answer = WITH_HINTS.spans(query);
    assertThat(WITHOUT_HINTS.spans(query)).as("without hints: " + query).isEqualTo(answer);
    return answer;
  }

  @Test
  void equalsAndRegexMatchWhenSomeElementDoes() {
    assertThat(spans("{ span.tags = \"nightly\" }")).containsExactly("c", "a");
    assertThat(spans("{ .tags = \"beta\" }")).containsExactly("b", "a");
    assertThat(spans("{ \"beta\" = .tags }")).containsExactly("b", "a");
    assertThat(spans("{ span.tags =~ \"night.*\" }")).containsExactly("c", "a");
    assertThat(spans("{ span.tags =~ \"night\" }")).as("anchored per element").isEmpty();
  }

  @Test
  void notEqualsAndNotRegexNeedEveryElement() {
    // a holds nightly; c is nightly; d has no tags at all; e's empty array has no element equal.
    assertThat(spans("{ span.tags != \"nightly\" }")).containsExactly("e", "b");
    assertThat(spans("{ span.tags !~ \"night.*\" }")).containsExactly("e", "b");
    assertThat(spans("{ span.tags != \"beta\" }")).containsExactly("e", "c");
    assertThat(spans("{ !(span.tags = \"nightly\") && span.tags != nil }"))
        .containsExactly("e", "b");
  }

  @Test
  void numbersAndBooleansCompareByElement() {
    assertThat(spans("{ .codes > 500 }")).containsExactly("a");
    assertThat(spans("{ .codes < 300 }")).containsExactly("a");
    assertThat(spans("{ 300 < .codes }")).containsExactly("a");
    assertThat(spans("{ .codes = 503.0 }")).as("ints equal floats").containsExactly("a");
    assertThat(spans("{ .codes != 200 }")).as("only the empty array").containsExactly("b");
    assertThat(spans("{ .ratios >= 1.5 }")).containsExactly("a");
    assertThat(spans("{ .flags = true }")).containsExactly("a");
    assertThat(spans("{ .codes = \"200\" }")).as("no string element").isEmpty();
    assertThat(spans("{ .codes + 1 = 201 }")).as("no arithmetic on arrays").isEmpty();
  }

  @Test
  void resourceArraysAndTheUnscopedFallback() {
    assertThat(spans("{ resource.zones = \"us-2\" }")).containsExactly("d");
    assertThat(spans("{ .zones = \"eu-1\" }")).containsExactly("d");
    assertThat(spans("{ span.zones = \"eu-1\" }")).isEmpty();
  }

  @Test
  void bytesKeyValueListsAndNestedArraysExistButCompareWithNothing() {
    assertThat(spans("{ .blob != nil && .map != nil && .nested != nil }")).containsExactly("e");
    assertThat(spans("{ .map = \"nightly\" }")).isEmpty();
    assertThat(spans("{ .map != \"nightly\" }")).isEmpty();
    assertThat(spans("{ .nested = \"nightly\" }")).isEmpty();
    assertThat(spans("{ .blob != \"x\" }")).isEmpty();
  }

  @Test
  void selectAndComparedAttributesReportArraysWhole() {
    SearchResult result = WITH_HINTS.search("{ span.tags = \"beta\" } | select(.codes, .blob)");
    List<MatchedSpan> matched = new ArrayList<>();
    result.traces().forEach(t -> t.spansets().forEach(s -> matched.addAll(s.spans())));
    assertThat(matched).extracting(s -> s.span().name()).containsExactly("b", "a");
    assertThat(matched.get(1).attributes())
        .containsEntry("span.tags", strings("nightly", "beta"))
        .containsEntry(".codes", array(AttributeValue.of(200L), AttributeValue.of(503L)))
        .doesNotContainKey(".blob");
    assertThat(matched.get(0).attributes()).containsEntry(".codes", array());
  }

  @Test
  void arraysJoinNoGroupInBy() {
    assertThat(spans("{ } | by(span.tags) | count() > 0")).containsExactly("c");
  }
}
