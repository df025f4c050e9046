package dev.hopscope.cluster.kafka;

import dev.hopscope.model.SpanBatch;
import dev.hopscope.store.SpanSink;
import dev.hopscope.store.StoreException;
import dev.hopscope.store.StoreOverloadedException;
import dev.hopscope.store.TenantNames;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The distributor's sink: splits a batch by partition ({@link TracePartitioner}) and produces one
 * record per partition. The future completes once Kafka acknowledged every record (acks=all), so a
 * client is answered only once its spans are replicated; it fails with {@link
 * StoreOverloadedException} (429) when the producer's buffer is full, and {@link StoreException}
 * (503) when Kafka did not acknowledge within {@link KafkaSettings#ackTimeout()}.
 *
 * <p>A batch whose records went to several partitions can fail after some were acknowledged. The
 * client then retries the whole batch, and the parts already in Kafka come back as exact duplicate
 * spans, which every store drops on read: the client sees all or (after its retry) all once.
 */
public final class KafkaSpanSink implements SpanSink, AutoCloseable {
  private final KafkaSettings settings;
  private final Producer<byte[], byte[]> producer;
  private final int partitions;
  private final AtomicLong acknowledgedSpans = new AtomicLong();

  KafkaSpanSink(KafkaSettings settings, Producer<byte[], byte[]> producer, int partitions) {
    this.settings = settings;
    this.producer = producer;
    this.partitions = partitions;
  }

  /** Creates the topic if needed and connects; fails fast with the address when Kafka is down. */
  public static KafkaSpanSink open(KafkaSettings settings, String clientId) {
    int partitions = SpanTopic.ensure(settings, clientId);
    return new KafkaSpanSink(
        settings, new KafkaProducer<>(settings.producerProperties(clientId)), partitions);
  }

  public int partitions() {
    return partitions;
  }

  /** Spans Kafka acknowledged since this sink opened. */
  public long acknowledgedSpans() {
    return acknowledgedSpans.get();
  }

  @Override
  public CompletableFuture<Void> write(String tenant, SpanBatch batch) {
    TenantNames.requireValid(tenant);
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    try {
      for (ProducerRecord<byte[], byte[]> record : records(tenant, batch)) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        producer.send(
            record,
            (metadata, failure) -> {
              if (failure == null) {
                acknowledged.complete(null);
              } else {
                acknowledged.completeExceptionally(translate(failure));
              }
            });
        sent.add(acknowledged);
        if (acknowledged.isCompletedExceptionally()) {
          // send() failed the record before it left: no topic metadata (Kafka down, the client
          // back on its bootstrap list) or no buffer space within max.block.ms. Each further
          // record would wait as long again, so a batch over eight partitions took eight times
          // kafka.ackTimeout; the request has failed already.
          break;
        }
      }
    } catch (KafkaException e) {
      // send() itself throws when it cannot get the topic's metadata or buffer space in time.
      sent.add(CompletableFuture.failedFuture(translate(e)));
    }
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
        .thenRun(() -> acknowledgedSpans.addAndGet(batch.size()));
  }

  /** One record per partition the batch's traces fall in, rows kept in their order. */
  List<ProducerRecord<byte[], byte[]>> records(String tenant, SpanBatch batch) {
    int[] partitionOf = new int[batch.size()];
    int first = -1;
    boolean single = true;
    for (int row = 0; row < batch.size(); row++) {
      partitionOf[row] =
          TracePartitioner.partition(batch.traceIdHigh(row), batch.traceIdLow(row), partitions);
      if (first < 0) {
        first = partitionOf[row];
      } else if (partitionOf[row] != first) {
        single = false;
      }
    }
    if (single) {
      return List.of(SpanRecords.record(settings.topic(), Math.max(first, 0), tenant, batch));
    }
    SpanBatch.Builder[] builders = new SpanBatch.Builder[partitions];
    for (int row = 0; row < batch.size(); row++) {
      int partition = partitionOf[row];
      if (builders[partition] == null) {
        builders[partition] = SpanBatch.builder();
      }
      builders[partition].add(batch, row);
    }
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int partition = 0; partition < partitions; partition++) {
      if (builders[partition] != null) {
        records.add(
            SpanRecords.record(settings.topic(), partition, tenant, builders[partition].build()));
      }
    }
    return records;
  }

  private StoreException translate(Exception failure) {
    if (failure instanceof BufferExhaustedException) {
      return new StoreOverloadedException(
          "the distributor's Kafka buffer is full (Kafka at "
              + settings.bootstrapServers()
              + " takes spans slower than they arrive); retry shortly, or add distributors or"
              + " partitions");
    }
    String what = failure instanceof TimeoutException ? "did not acknowledge in time" : "failed";
    return new StoreException(
        "Kafka at "
            + settings.bootstrapServers()
            + " "
            + what
            + " (topic "
            + settings.topic()
            + ", kafka.ackTimeout "
            + settings.ackTimeout().toMillis()
            + " ms): "
            + failure.getMessage()
            + "; check that Kafka is up and reachable",
        failure);
  }

  @Override
  public void close() {
    producer.close(settings.ackTimeout());
  }
}
