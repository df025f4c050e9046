package dev.hopscope.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.model.testing.Draw;
import dev.hopscope.model.testing.RandomSpans;
import dev.hopscope.model.testing.SeededProperty;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanBatchTest {

  /** A {@link RandomSpans} seed and how many spans to draw from it. */
  private record Spans(long seed, int count) {}

  @Test
  void spansRoundTripThroughColumns() {
    SeededProperty.check(
        Draw.pairs(Draw.LONG_EDGES, Draw.intEdges(0, 40), Spans::new),
        300,
        random -> new Spans(Draw.anyLong(random), Draw.intBetween(random, 0, 40)),
        input -> {
          List<Span> spans = new RandomSpans(input.seed()).spans(input.count());
          SpanBatch batch = SpanBatch.of(spans);
          assertThat(batch.size()).isEqualTo(input.count());
          assertThat(batch.toSpans()).isEqualTo(spans);
        });
  }

  @Test
  void aSpanViewEqualsTheSpanItsRowHolds() {
    SeededProperty.check(
        Draw.pairs(Draw.LONG_EDGES, Draw.intEdges(0, 40), Spans::new),
        100,
        random -> new Spans(Draw.anyLong(random), Draw.intBetween(random, 0, 40)),
        input -> {
          List<Span> spans = new RandomSpans(input.seed()).spans(input.count());
          SpanBatch batch = SpanBatch.of(spans);
          for (int row = 0; row < batch.size(); row++) {
            Span view = batch.spanView(row);
            assertThat(view).isEqualTo(spans.get(row)).hasSameHashCodeAs(spans.get(row));
            assertThat(view.attributes().asMap())
                .containsExactlyEntriesOf(spans.get(row).attributes().asMap());
          }
        });
  }

  @Test
  void aViewAnswersEachKeyAsTheSpansAttributesDoWithoutBuildingThem() {
    SeededProperty.check(
        Draw.LONG_EDGES,
        50,
        Draw::anyLong,
        seed -> {
          List<Span> spans = new RandomSpans(seed).spans(30);
          SpanBatch.Builder builder = SpanBatch.builder();
          for (Span span : spans) {
            builder.add(span);
          }
          // A key sent twice in one span: the last value is the one kept.
          builder
              .beginSpan(builder.resourceIndex(spans.get(0).resource()), 0)
              .traceId(1, 2)
              .spanId(3)
              .name("twice")
              .attribute("k", AttributeValue.of("first"))
              .attribute("k", AttributeValue.of("second"))
              .commitSpan();
          SpanBatch batch = builder.build();
          for (int row = 0; row < batch.size(); row++) {
            Attributes whole = batch.attributes(row);
            Attributes view = batch.spanView(row).attributes();
            List<String> keys = new java.util.ArrayList<>(whole.keys());
            keys.add("absent.key");
            for (String key : keys) {
              assertThat(batch.attributeValue(row, key)).isEqualTo(whole.get(key));
              assertThat(view.get(key)).isEqualTo(whole.get(key));
            }
          }
          assertThat(batch.spanView(batch.size() - 1).attributes().get("k"))
              .isEqualTo(AttributeValue.of("second"));
        });
  }

  @Test
  void copyingRowsBetweenBatchesKeepsEveryField() {
    SeededProperty.check(
        Draw.LONG_EDGES,
        100,
        Draw::anyLong,
        seed -> {
          SpanBatch source = SpanBatch.of(new RandomSpans(seed).spans(20));
          SpanBatch.Builder copy = SpanBatch.builder();
          for (int row = source.size() - 1; row >= 0; row--) {
            copy.add(source, row);
          }
          SpanBatch reversed = copy.build();
          for (int row = 0; row < source.size(); row++) {
            assertThat(reversed.span(source.size() - 1 - row)).isEqualTo(source.span(row));
          }
        });
  }

  @Test
  void copyingRowsAlternatelyFromTwoBatchesKeepsEveryField() {
    // The builder maps a source batch's strings, resources and scopes once per source: switching
    // sources row by row must never mix one batch's indexes with another's.
    SeededProperty.check(
        Draw.LONG_EDGES,
        100,
        Draw::anyLong,
        seed -> {
          SpanBatch first = SpanBatch.of(new RandomSpans(seed).spans(15));
          SpanBatch second = SpanBatch.of(new RandomSpans(seed + 1).spans(15));
          SpanBatch.Builder copy = SpanBatch.builder();
          for (int row = 0; row < 15; row++) {
            copy.add(first, row);
            copy.add(second, row);
          }
          SpanBatch mixed = copy.build();
          for (int row = 0; row < 15; row++) {
            assertThat(mixed.span(2 * row)).isEqualTo(first.span(row));
            assertThat(mixed.span(2 * row + 1)).isEqualTo(second.span(row));
          }
        });
  }

  @Test
  void sharesResourcesAndNamesAcrossRows() {
    RandomSpans random = new RandomSpans(1);
    Resource resource = random.resource();
    Span a = Span.builder(random.traceId(), random.spanId()).name("x").resource(resource).build();
    Span b = Span.builder(random.traceId(), random.spanId()).name("x").resource(resource).build();
    SpanBatch batch = SpanBatch.of(List.of(a, b));
    assertThat(batch.resources()).hasSize(1);
    assertThat(batch.nameIndex(0)).isEqualTo(batch.nameIndex(1));
  }

  @Test
  void discardedSpanLeavesNoTrace() {
    RandomSpans random = new RandomSpans(2);
    Span kept = random.span();
    SpanBatch.Builder builder = SpanBatch.builder();
    int resource = builder.resourceIndex(Resource.EMPTY);
    int scope = builder.scopeIndex(InstrumentationScope.EMPTY);
    builder.beginSpan(resource, scope).name("bad").attribute("k", AttributeValue.of(1L));
    builder.event(Event.of(1, "e")).discardSpan();
    builder.add(kept);
    assertThat(builder.build().toSpans()).containsExactly(kept);
  }

  @Test
  void refusesToCommitSpanWithoutIds() {
    SpanBatch.Builder builder = SpanBatch.builder();
    builder.beginSpan(
        builder.resourceIndex(Resource.EMPTY), builder.scopeIndex(InstrumentationScope.EMPTY));
    assertThatThrownBy(builder::commitSpan).hasMessageContaining("non-zero trace id and span id");
  }

  @Test
  void traceOrdersSpansAndFindsRoot() {
    RandomSpans random = new RandomSpans(3);
    TraceId traceId = random.traceId();
    SpanId rootId = random.spanId();
    Span child =
        Span.builder(traceId, random.spanId())
            .parentSpanId(rootId)
            .startNanos(20)
            .endNanos(30)
            .build();
    Span root = Span.builder(traceId, rootId).startNanos(10).endNanos(40).build();
    Trace trace = new Trace(traceId, List.of(child, root));
    assertThat(trace.spans()).containsExactly(root, child);
    assertThat(trace.root()).contains(root);
    assertThat(trace.durationNanos()).isEqualTo(30);
  }
}
