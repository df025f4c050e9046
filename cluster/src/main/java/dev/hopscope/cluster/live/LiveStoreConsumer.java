package dev.hopscope.cluster.live;

import dev.hopscope.cluster.kafka.KafkaSettings;
import dev.hopscope.cluster.kafka.SpanRecords;
import dev.hopscope.cluster.kafka.SpanTopic;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.store.SpanSink;
import dev.hopscope.store.StoreOverloadedException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Feeds a live store: consumes the span topic in the live stores' own consumer group and writes
 * every record into a local store that serves the recent window.
 *
 * <p>It never commits offsets. Kafka, not the live store, is the durable copy: whenever partitions
 * are assigned (at start, after a restart, after another live store left) each is read again from
 * the first record younger than the window, so a restarted live store serves its window again once
 * it has caught up ({@link #caughtUp()}), with nothing to recover from its own disk.
 */
public final class LiveStoreConsumer implements AutoCloseable {
  public static final String GROUP = "hopscope-live-store";
  private static final System.Logger LOG = System.getLogger(LiveStoreConsumer.class.getName());

  private final Consumer<byte[], byte[]> consumer;
  private final String topic;
  private final SpanSink store;
  private final Duration window;
  private final InstantSource clock;
  private final Thread thread;
  private final Map<TopicPartition, Long> catchUpTargets = new HashMap<>();
  private final AtomicLong consumedRecords = new AtomicLong();
  private final AtomicLong consumedSpans = new AtomicLong();
  private final AtomicLong undecodableRecords = new AtomicLong();
  private volatile boolean caughtUp;
  private volatile boolean closed;

  private LiveStoreConsumer(
      Consumer<byte[], byte[]> consumer,
      String topic,
      SpanSink store,
      Duration window,
      InstantSource clock,
      String name) {
    this.consumer = consumer;
    this.topic = topic;
    this.store = store;
    this.window = window;
    this.clock = clock;
    this.thread = Thread.ofPlatform().daemon().name("hopscope-live-" + name).unstarted(this::run);
  }

  /**
   * Starts consuming into {@code store} in consumer group {@code group} (live stores share {@link
   * #GROUP} and split the partitions; a querier's recent view has a group of its own and reads them
   * all); the topic is created when missing.
   */
  public static LiveStoreConsumer start(
      KafkaSettings settings,
      SpanSink store,
      Duration window,
      InstantSource clock,
      String name,
      String group) {
    SpanTopic.ensure(settings, name);
    Consumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(settings.consumerProperties(name, group));
    LiveStoreConsumer live =
        new LiveStoreConsumer(consumer, settings.topic(), store, window, clock, name);
    live.thread.start();
    return live;
  }

  /** True once every assigned partition was read up to where it ended when it was assigned. */
  public boolean caughtUp() {
    return caughtUp;
  }

  public long consumedRecords() {
    return consumedRecords.get();
  }

  public long consumedSpans() {
    return consumedSpans.get();
  }

  /** Records skipped because they could not be decoded (another format, or a bug). */
  public long undecodableRecords() {
    return undecodableRecords.get();
  }

  private void run() {
    try {
      consumer.subscribe(List.of(topic), new ReplayWindow());
      while (!closed) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
        write(records);
        updateCaughtUp();
      }
    } catch (WakeupException e) {
      // close() woke the consumer up.
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "live store consumer stopped: " + e, e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** Writes a poll's records, then waits for all; "slow down" from the store is waited out. */
  private void write(ConsumerRecords<byte[], byte[]> records) {
    List<Pending> pending = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      try {
        String tenant = SpanRecords.tenant(record);
        SpanBatch spans = SpanRecords.spans(record);
        pending.add(new Pending(tenant, spans, store.write(tenant, spans)));
      } catch (RuntimeException e) {
        // Another format, or a record our decoder cannot read (a bug): skip it, count it, go on;
        // stopping would stall the partition for every tenant.
        undecodableRecords.incrementAndGet();
        LOG.log(Level.WARNING, "live store skips an undecodable record: " + e.getMessage());
      }
    }
    for (Pending write : pending) {
      CompletableFuture<Void> future = write.future();
      while (true) {
        try {
          future.join();
          break;
        } catch (CompletionException e) {
          if (!(e.getCause() instanceof StoreOverloadedException) || closed) {
            throw e;
          }
          // The local store is cutting blocks; Kafka keeps the records, so waiting loses nothing.
          waitBriefly();
          future = store.write(write.tenant(), write.spans());
        }
      }
      consumedRecords.incrementAndGet();
      consumedSpans.addAndGet(write.spans().size());
    }
  }

  private record Pending(String tenant, SpanBatch spans, CompletableFuture<Void> future) {}

  private static void waitBriefly() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void updateCaughtUp() {
    if (caughtUp || catchUpTargets.isEmpty()) {
      return;
    }
    for (Map.Entry<TopicPartition, Long> target : catchUpTargets.entrySet()) {
      if (consumer.position(target.getKey()) < target.getValue()) {
        return;
      }
    }
    caughtUp = true;
    LOG.log(
        Level.INFO,
        "live store caught up on {0} partitions ({1} spans replayed)",
        catchUpTargets.size(),
        consumedSpans.get());
  }

  /** On every assignment: start each partition at the window's first record. */
  private final class ReplayWindow implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        // Another live store holds every partition: nothing to catch up on.
        caughtUp = catchUpTargets.isEmpty() || caughtUp;
        return;
      }
      long since = clock.instant().minus(window).toEpochMilli();
      Map<TopicPartition, Long> query = new HashMap<>();
      partitions.forEach(partition -> query.put(partition, since));
      Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      for (TopicPartition partition : partitions) {
        OffsetAndTimestamp start = starts.get(partition);
        if (start == null) {
          consumer.seek(partition, ends.get(partition));
        } else {
          consumer.seek(partition, start.offset());
        }
        catchUpTargets.put(partition, ends.get(partition));
      }
      caughtUp = false;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      partitions.forEach(catchUpTargets::remove);
    }
  }

  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
