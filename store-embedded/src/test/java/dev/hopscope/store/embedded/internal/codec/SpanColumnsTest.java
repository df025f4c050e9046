package dev.hopscope.store.embedded.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.TraceId;
import dev.hopscope.model.testing.RandomSpans;
import dev.hopscope.store.embedded.internal.wal.WalRecordCodec;
import dev.hopscope.store.testing.TraceFixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanColumnsTest {
  @Test
  void randomSpansRoundTripExactlyInOrder() {
    List<Span> spans = new RandomSpans(99).spans(2000);
    SpanBatch decoded = WalRecordCodec.decode(WalRecordCodec.encode(SpanBatch.of(spans)));
    assertThat(decoded.toSpans()).isEqualTo(spans);
  }

  @Test
  void everyAttributeTypeAndFieldRoundTrips() {
    TraceId trace = new TraceId(-1, 1);
    List<Span> spans = new ArrayList<>();
    // Same trace so that parent references inside a run are exercised, plus one outside it.
    spans.add(TraceFixtures.everyField(trace, 1, TraceFixtures.T0));
    spans.add(TraceFixtures.everyField(trace, 2, TraceFixtures.T0 - 5));
    spans.add(TraceFixtures.everyField(new TraceId(3, 3), 1, Long.MAX_VALUE - 2000));
    SpanBatch decoded = WalRecordCodec.decode(WalRecordCodec.encode(SpanBatch.of(spans)));
    assertThat(decoded.toSpans()).isEqualTo(spans);
  }

  @Test
  void aChildStoredBeforeItsParentKeepsItsParent() {
    // Block rows are sorted by start time: under clock skew a child starts before its parent and
    // is written first, so its parent reference points forward.
    TraceId trace = new TraceId(7, 7);
    Span parent = Span.builder(trace, new SpanId(1)).startNanos(2_000).endNanos(9_000).build();
    Span child =
        Span.builder(trace, new SpanId(2))
            .parentSpanId(new SpanId(1))
            .startNanos(1_000)
            .endNanos(3_000)
            .build();
    Span grandchild =
        Span.builder(trace, new SpanId(3))
            .parentSpanId(new SpanId(2))
            .startNanos(1_500)
            .endNanos(2_500)
            .build();
    List<Span> spans = List.of(child, grandchild, parent);
    SpanBatch decoded = WalRecordCodec.decode(WalRecordCodec.encode(SpanBatch.of(spans)));
    assertThat(decoded.toSpans()).isEqualTo(spans);
  }

  @Test
  void parentsResolveInShortAndLongRunsBackwardAndForward() {
    // Short runs find a parent by scanning, long ones (over 64 rows) through a map: both must
    // give the same references, a later parent by value, a duplicate span id to its first row.
    List<Span> spans = new ArrayList<>();
    for (int size : new int[] {3, 64, 65, 300}) {
      TraceId trace = new TraceId(size, size);
      for (int i = 1; i <= size; i++) {
        // Every third span's parent comes later in the run (clock skew), the rest earlier.
        long parent = i == 1 ? 0 : i % 3 == 0 && i < size ? i + 1 : i - 1;
        Span.Builder span =
            Span.builder(trace, new SpanId(i)).startNanos(1_000L * i).endNanos(1_000L * i + 500);
        if (parent != 0) {
          span.parentSpanId(new SpanId(parent));
        }
        spans.add(span.build());
      }
      spans.add(
          Span.builder(trace, new SpanId(2))
              .parentSpanId(new SpanId(1))
              .startNanos(1_000_000)
              .endNanos(1_000_500)
              .build());
    }
    SpanBatch decoded = WalRecordCodec.decode(WalRecordCodec.encode(SpanBatch.of(spans)));
    assertThat(decoded.toSpans()).isEqualTo(spans);
  }

  @Test
  void truncatedPayloadIsReportedAsMalformedNotAnIndexError() {
    byte[] payload = WalRecordCodec.encode(SpanBatch.of(new RandomSpans(5).spans(20)));
    byte[] cut = java.util.Arrays.copyOf(payload, payload.length / 2);
    assertThatThrownBy(() -> WalRecordCodec.decode(cut)).isInstanceOf(MalformedDataException.class);
  }

  @Test
  void varintsAndZigZagRoundTripAtTheEdges() {
    ByteSink sink = new ByteSink();
    long[] values = {0, 1, -1, 127, 128, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 35};
    for (long value : values) {
      sink.writeVarLong(value).writeSignedVarLong(value);
    }
    ByteSource source = new ByteSource(sink.toByteArray());
    for (long value : values) {
      assertThat(source.readVarLong()).isEqualTo(value);
      assertThat(source.readSignedVarLong()).isEqualTo(value);
    }
    assertThat(source.hasRemaining()).isFalse();
  }

  @Test
  void attributeHashIsStableAcrossReleases() {
    // Hashes are stored in block files: a change here makes old blocks miss searches.
    assertThat(
            AttributeHash.of(
                AttributeHash.SPAN, "user.id", dev.hopscope.model.AttributeValue.of("user-1")))
        .isEqualTo(
            AttributeHash.of(
                AttributeHash.SPAN, "user.id", dev.hopscope.model.AttributeValue.of("user-1")))
        .isNotEqualTo(
            AttributeHash.of(
                AttributeHash.RESOURCE, "user.id", dev.hopscope.model.AttributeValue.of("user-1")));
    assertThat(AttributeHash.of(AttributeHash.SPAN, "k", dev.hopscope.model.AttributeValue.of(42L)))
        .isEqualTo(STABLE_LONG_HASH);
  }

  @Test
  void aHashFromTheKeysStateEqualsTheWholeHashForEveryValueType() {
    for (Span span : new RandomSpans(17).spans(400)) {
      span.attributes()
          .forEach(
              (key, value) ->
                  assertThat(
                          AttributeHash.ofKeyed(
                              AttributeHash.keyState(AttributeHash.SPAN, key), value))
                      .as("%s = %s", key, value)
                      .isEqualTo(AttributeHash.of(AttributeHash.SPAN, key, value)));
      span.resource()
          .attributes()
          .forEach(
              (key, value) ->
                  assertThat(
                          AttributeHash.ofKeyed(
                              AttributeHash.keyState(AttributeHash.RESOURCE, key), value))
                      .isEqualTo(AttributeHash.of(AttributeHash.RESOURCE, key, value)));
    }
  }

  // Recorded from format version 1; a different value means old blocks would be misread.
  private static final long STABLE_LONG_HASH = -7828020840694666277L;
}
