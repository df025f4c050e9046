package dev.hopscope.cluster.kafka;

import dev.hopscope.model.SpanBatch;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads every span of a topic, every partition from its start to its end as of the call. */
final class TopicReader {
  private TopicReader() {}

  static Set<SpanLedger.SpanKey> readAll(KafkaSettings settings, Duration bound) {
    Properties props = settings.consumerProperties("loss-check", "unused");
    // Partitions are assigned, not subscribed: no group, no offsets written anywhere.
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    Set<SpanLedger.SpanKey> spans = new HashSet<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(settings.topic(), bound).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, bound);
      long deadline = System.nanoTime() + bound.toNanos();
      while (!partitions.stream().allMatch(p -> consumer.position(p, bound) >= ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "did not read " + settings.topic() + " to " + ends + " within " + bound);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          String tenant = SpanRecords.tenant(record);
          SpanBatch batch = SpanRecords.spans(record);
          for (int row = 0; row < batch.size(); row++) {
            spans.add(
                new SpanLedger.SpanKey(
                    tenant, batch.traceIdHigh(row), batch.traceIdLow(row), batch.spanId(row)));
          }
        }
      }
    }
    return spans;
  }
}
