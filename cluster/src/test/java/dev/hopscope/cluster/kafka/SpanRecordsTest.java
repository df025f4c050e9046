package dev.hopscope.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.store.testing.TraceFixtures;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * What the consumers read back from a record, and the two nulls Kafka's API may hand out (a record
 * without a value, a header without a value): each is a clear "skip this record" naming it, never a
 * NullPointerException from inside a decoder.
 */
class SpanRecordsTest {
  private static final String TOPIC = "hopscope-spans";

  @Test
  void aRecordAsTheSinkWritesItReadsBackAsTheSameTenantAndSpans() {
    List<Span> spans =
        TraceFixtures.randomTraces(5, 3).stream().flatMap(t -> t.spans().stream()).toList();
    ProducerRecord<byte[], byte[]> written =
        SpanRecords.record(TOPIC, 2, "acme", SpanBatch.of(spans));
    ConsumerRecord<byte[], byte[]> read = asConsumed(written, written.value(), 17);
    assertThat(SpanRecords.tenant(read)).isEqualTo("acme");
    assertThat(SpanRecords.spans(read).toSpans()).containsExactlyElementsOf(spans);
  }

  @Test
  void aRecordWithoutAValueIsRefusedNamingIt() {
    ProducerRecord<byte[], byte[]> written =
        SpanRecords.record(
            TOPIC, 1, "acme", SpanBatch.of(TraceFixtures.randomTraces(6, 1).get(0).spans()));
    ConsumerRecord<byte[], byte[]> tombstone = asConsumed(written, null, 42);
    assertThatThrownBy(() -> SpanRecords.spans(tombstone))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("record hopscope-spans/1@42 has no value");
  }

  @Test
  void aHeaderWithoutAValueIsAsGoodAsMissing() {
    ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(TOPIC, 0, 7, null, new byte[0]);
    record.headers().add(SpanRecords.TENANT, null);
    record.headers().add(SpanRecords.FORMAT, null);
    assertThatThrownBy(() -> SpanRecords.tenant(record))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("record hopscope-spans/0@7 has no hopscope-tenant header");
    assertThatThrownBy(() -> SpanRecords.spans(record))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("record hopscope-spans/0@7 has no hopscope-format header");
  }

  private static ConsumerRecord<byte[], byte[]> asConsumed(
      ProducerRecord<byte[], byte[]> written, byte[] value, long offset) {
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>(written.topic(), written.partition(), offset, null, value);
    for (Header header : written.headers()) {
      record.headers().add(header);
    }
    return record;
  }
}
