package dev.hopscope.cluster.live;

import dev.hopscope.cluster.kafka.KafkaSettings;
import dev.hopscope.cluster.kafka.SpanRecords;
import dev.hopscope.cluster.kafka.SpanTopic;
import dev.hopscope.cluster.kafka.TracePartitioner;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.TraceId;
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
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
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
 *
 * <p>A partition that comes back after a rebalance resumes where this consumer left it, not at the
 * window's start: the engine already holds everything before that position, and reading it again
 * would store every span twice. The group uses the cooperative sticky assignor, so a live store
 * joining or leaving moves only the partitions that must move; the others keep being read.
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
  // Where this consumer stopped reading a partition it lost, for when it gets it back.
  private final Map<TopicPartition, Long> leftAt = new HashMap<>();
  private volatile Set<Integer> assigned = Set.of();
  private volatile int partitionCount;
  private volatile long assignedAtMillis;
  private volatile long lastCatchUpMillis = -1;
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
   * #GROUP} and split the partitions; a consumer alone in a group of its own reads them all); the
   * topic is created when missing.
   */
  public static LiveStoreConsumer start(
      KafkaSettings settings,
      SpanSink store,
      Duration window,
      InstantSource clock,
      String name,
      String group) {
    SpanTopic.ensure(settings, name);
    Properties properties = settings.consumerProperties(name, group);
    properties.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    // A crashed live store's partitions move after this long without heartbeats (Kafka's default
    // is 45 s); a clean stop leaves the group at once.
    properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
    Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties);
    LiveStoreConsumer live =
        new LiveStoreConsumer(consumer, settings.topic(), store, window, clock, name);
    live.thread.start();
    return live;
  }

  /** True once every assigned partition was read up to where it ended when it was assigned. */
  public boolean caughtUp() {
    return caughtUp;
  }

  /**
   * True when the trace's partition is assigned to this consumer now. Only the owner serves a trace
   * in search: a previous owner holds a copy that stops growing when the partition moved.
   */
  public boolean serves(TraceId traceId) {
    int partitions = partitionCount;
    return partitions > 0
        && assigned.contains(TracePartitioner.partition(traceId.high(), traceId.low(), partitions));
  }

  /** The partitions assigned to this consumer now. */
  public Set<Integer> assignedPartitions() {
    return assigned;
  }

  /** How long the last catch-up after an assignment took, in milliseconds; -1 before the first. */
  public long lastCatchUpMillis() {
    return lastCatchUpMillis;
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
    lastCatchUpMillis = clock.millis() - assignedAtMillis;
    LOG.log(
        Level.INFO,
        "live store caught up on {0} partitions in {1} ms ({2} spans consumed since start)",
        catchUpTargets.size(),
        lastCatchUpMillis,
        consumedSpans.get());
  }

  /** On every assignment: start each partition at the window's first record. */
  private final class ReplayWindow implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      // Cooperative rebalancing hands over only what was added; the rest stays assigned.
      if (partitions.isEmpty()) {
        // Nothing new (or another live store holds every partition): nothing to catch up on.
        caughtUp = catchUpTargets.isEmpty() || caughtUp;
        publishAssignment(Set.of());
        return;
      }
      long since = clock.instant().minus(window).toEpochMilli();
      Map<TopicPartition, Long> query = new HashMap<>();
      partitions.forEach(partition -> query.put(partition, since));
      Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      for (TopicPartition partition : partitions) {
        OffsetAndTimestamp start = starts.get(partition);
        // endOffsets answers every partition it was asked for, or throws.
        long end = Objects.requireNonNull(ends.get(partition), partition::toString);
        long windowStart = start == null ? end : start.offset();
        Long resume = leftAt.remove(partition);
        consumer.seek(partition, resume == null ? windowStart : Math.max(resume, windowStart));
        catchUpTargets.put(partition, end);
      }
      assignedAtMillis = clock.millis();
      caughtUp = false;
      // Last: whoever sees the new partitions also sees that they are being caught up on.
      publishAssignment(Set.of());
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      for (TopicPartition partition : partitions) {
        catchUpTargets.remove(partition);
        leftAt.put(partition, consumer.position(partition));
      }
      publishAssignment(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      // Kicked out of the group (no position is readable): start those again at the window.
      partitions.forEach(catchUpTargets::remove);
      partitions.forEach(leftAt::remove);
      publishAssignment(partitions);
    }

    /** Publishes the assignment for {@link #serves}, less the partitions being taken away. */
    private void publishAssignment(Collection<TopicPartition> leaving) {
      if (partitionCount == 0) {
        partitionCount = consumer.partitionsFor(topic).size();
      }
      Set<Integer> now = new java.util.TreeSet<>();
      for (TopicPartition partition : consumer.assignment()) {
        if (!leaving.contains(partition)) {
          now.add(partition.partition());
        }
      }
      assigned = Set.copyOf(now);
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
