package dev.hopscope.cluster.kafka;

import dev.hopscope.model.SpanBatch;
import dev.hopscope.store.embedded.internal.wal.WalRecordCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A Kafka record of spans: the value is one batch in the block column encoding (the WAL record
 * payload, so the block-builder and live store decode it with the engine's own codec), the headers
 * carry the tenant, the format and the span count. No key: the partition is chosen from the trace
 * id ({@link TracePartitioner}).
 */
public final class SpanRecords {
  static final String TENANT = "hopscope-tenant";
  static final String FORMAT = "hopscope-format";
  static final String SPANS = "hopscope-spans";
  static final String FORMAT_V1 = "batch-columns-1";

  private SpanRecords() {}

  static ProducerRecord<byte[], byte[]> record(
      String topic, int partition, String tenant, SpanBatch batch) {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(topic, partition, null, WalRecordCodec.encode(batch));
    record.headers().add(TENANT, tenant.getBytes(StandardCharsets.UTF_8));
    record.headers().add(FORMAT, FORMAT_V1.getBytes(StandardCharsets.UTF_8));
    record.headers().add(SPANS, ByteBuffer.allocate(4).putInt(batch.size()).array());
    return record;
  }

  /** The tenant a record belongs to. */
  public static String tenant(ConsumerRecord<byte[], byte[]> record) {
    return header(record, TENANT);
  }

  /**
   * Decodes a record's spans; throws {@link IllegalArgumentException} naming the topic, partition
   * and offset for a record of another format (a newer writer, or another producer on the topic).
   */
  public static SpanBatch spans(ConsumerRecord<byte[], byte[]> record) {
    String format = header(record, FORMAT);
    if (!FORMAT_V1.equals(format)) {
      throw new IllegalArgumentException(
          where(record) + " has format " + format + "; this Hopscope reads " + FORMAT_V1);
    }
    // Kafka's API carries no nullness annotations, so NullAway trusts it: the null it does hand
    // out (a record without a value, as a compacting producer's tombstone) is checked here.
    byte[] value = record.value();
    if (value == null) {
      throw new IllegalArgumentException(where(record) + " has no value");
    }
    return WalRecordCodec.decode(value);
  }

  static String where(ConsumerRecord<?, ?> record) {
    return "record " + record.topic() + "/" + record.partition() + "@" + record.offset();
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    // A header may be present with a null value (Kafka allows it): as good as missing.
    byte[] value = header == null ? null : header.value();
    if (value == null) {
      throw new IllegalArgumentException(where(record) + " has no " + name + " header");
    }
    return new String(value, StandardCharsets.UTF_8);
  }
}
