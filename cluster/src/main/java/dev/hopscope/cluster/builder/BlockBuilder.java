package dev.hopscope.cluster.builder;

import dev.hopscope.cluster.kafka.KafkaSettings;
import dev.hopscope.cluster.kafka.SpanRecords;
import dev.hopscope.cluster.kafka.SpanTopic;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.store.embedded.BlockFileWriter;
import dev.hopscope.store.object.BlockMetaInput;
import dev.hopscope.store.object.BlockUploader;
import dev.hopscope.store.object.ObjectStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;

/**
 * The block-builder role: consumes its partitions from the last committed offset, cuts each
 * partition's records into one block per tenant every cycle, uploads them (data, then the meta that
 * makes a block visible), and only then commits the offsets.
 *
 * <p>A crash between upload and commit leaves blocks in the bucket whose records Kafka will hand
 * out again. Block ids are the cycle's offset range ({@code p<partition>-<first>-<last>}), and on
 * every assignment the builder looks in the bucket for a block starting at the committed offset: if
 * one is there, the redone cycle ends exactly where that one did, so it gets the same id for every
 * tenant, finished uploads are no-ops and unfinished ones complete. Nothing is lost (offsets are
 * committed only after upload) and nothing is visible twice.
 *
 * <p>When the bucket is unreachable the cycle is kept, its partition paused (memory stays bounded,
 * Kafka keeps the backlog) and the cut retried with a growing delay; distributors keep
 * acknowledging.
 */
public final class BlockBuilder implements AutoCloseable {
  public static final String GROUP = "hopscope-block-builder";
  private static final System.Logger LOG = System.getLogger(BlockBuilder.class.getName());
  private static final int ZSTD_LEVEL = 3;
  private static final int ROW_GROUP_ROWS = 1024;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final Consumer<byte[], byte[]> consumer;
  private final String topic;
  private final ObjectStorage storage;
  private final BlockUploader uploader;
  private final BlockBuilderSettings settings;
  private final InstantSource clock;
  private final Thread thread;
  private final Map<TopicPartition, Cycle> cycles = new HashMap<>();
  private final Map<TopicPartition, Long> redoUntil = new HashMap<>();
  private final Map<TopicPartition, Retry> retries = new HashMap<>();
  private final AtomicLong blocksUploaded = new AtomicLong();
  private final AtomicLong spansUploaded = new AtomicLong();
  private final AtomicLong cyclesRedone = new AtomicLong();
  private final AtomicLong failedCuts = new AtomicLong();
  private final AtomicLong undecodableRecords = new AtomicLong();
  private volatile boolean closed;

  private record Retry(long atMillis, Duration backoff) {}

  private BlockBuilder(
      Consumer<byte[], byte[]> consumer,
      String topic,
      ObjectStorage storage,
      BlockBuilderSettings settings,
      InstantSource clock,
      String name) {
    this.consumer = consumer;
    this.topic = topic;
    this.storage = storage;
    this.uploader = new BlockUploader(storage, clock);
    this.settings = settings;
    this.clock = clock;
    this.thread = Thread.ofPlatform().daemon().name("hopscope-" + name).unstarted(this::run);
  }

  /** Starts consuming; the topic is created when missing and the work directory emptied. */
  public static BlockBuilder start(
      KafkaSettings kafka,
      ObjectStorage storage,
      BlockBuilderSettings settings,
      InstantSource clock,
      String name) {
    SpanTopic.ensure(kafka, name);
    emptyDirectory(settings.workDirectory());
    Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.consumerProperties(name, GROUP));
    BlockBuilder builder =
        new BlockBuilder(consumer, kafka.topic(), storage, settings, clock, name);
    builder.thread.start();
    return builder;
  }

  public long blocksUploaded() {
    return blocksUploaded.get();
  }

  public long spansUploaded() {
    return spansUploaded.get();
  }

  /** Cycles redone to the same offset range after finding a block of theirs in the bucket. */
  public long cyclesRedone() {
    return cyclesRedone.get();
  }

  public long failedCuts() {
    return failedCuts.get();
  }

  public long undecodableRecords() {
    return undecodableRecords.get();
  }

  private void run() {
    try {
      consumer.subscribe(List.of(topic), new Assignment());
      while (!closed) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          take(record);
        }
        cutDue();
      }
    } catch (WakeupException e) {
      // close() woke the consumer up; uncommitted cycles are redone by the next owner.
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "block-builder stopped: " + e, e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void take(ConsumerRecord<byte[], byte[]> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    Cycle cycle = cycles.computeIfAbsent(partition, p -> new Cycle(p.partition(), clock.millis()));
    try {
      cycle.add(record.offset(), SpanRecords.tenant(record), SpanRecords.spans(record));
    } catch (RuntimeException e) {
      // Skipped, not fatal: stopping would stall the partition for every tenant.
      undecodableRecords.incrementAndGet();
      cycle.skip(record.offset());
      LOG.log(Level.WARNING, "block-builder skips an undecodable record: " + e.getMessage());
    }
    Long end = redoUntil.get(partition);
    if (end != null && record.offset() >= end) {
      cut(partition, cycle);
    }
  }

  /** Cuts every cycle that is old or big enough, and retries failed cuts whose delay passed. */
  private void cutDue() {
    long now = clock.millis();
    for (TopicPartition partition : List.copyOf(cycles.keySet())) {
      // Keys of a copy, and only cut() of this same partition removes one: still present.
      Cycle cycle = Objects.requireNonNull(cycles.get(partition), partition::toString);
      Retry retry = retries.get(partition);
      if (retry != null) {
        if (now >= retry.atMillis()) {
          cut(partition, cycle);
        }
        continue;
      }
      if (cycle.isEmpty() || redoUntil.containsKey(partition)) {
        continue;
      }
      boolean old = now - cycle.startedMillis() >= settings.cycle().toMillis();
      if (old || cycle.spans() >= settings.maxSpans()) {
        cut(partition, cycle);
      }
    }
  }

  /** Uploads and commits {@code cycle}, the one {@code cycles} holds for {@code partition}. */
  private void cut(TopicPartition partition, Cycle cycle) {
    try {
      upload(cycle);
      consumer.commitSync(Map.of(partition, new OffsetAndMetadata(cycle.last() + 1)));
    } catch (RuntimeException | IOException e) {
      failedCuts.incrementAndGet();
      Retry previous = retries.get(partition);
      Duration backoff =
          previous == null ? Duration.ofSeconds(1) : min(previous.backoff().multipliedBy(2));
      retries.put(partition, new Retry(clock.millis() + backoff.toMillis(), backoff));
      // Paused, the partition's backlog waits in Kafka instead of in this heap.
      consumer.pause(Set.of(partition));
      LOG.log(
          Level.WARNING,
          "block-builder could not cut partition {0} offsets [{1}, {2}] ({3}); retrying in {4} s",
          partition.partition(),
          cycle.first(),
          cycle.last(),
          e.getMessage(),
          backoff.toSeconds());
      return;
    }
    cycles.remove(partition);
    if (redoUntil.remove(partition) != null) {
      // Several cycles may have been uploaded and not committed (commits failing for a while):
      // the next one may be a redo too.
      Long next = uploadedEnd(storage.listPrefixes(""), partition.partition(), cycle.last() + 1);
      if (next != null) {
        redoUntil.put(partition, next);
        cyclesRedone.incrementAndGet();
      }
    }
    if (retries.remove(partition) != null) {
      consumer.resume(Set.of(partition));
      LOG.log(Level.INFO, "block-builder cut partition {0} again", partition.partition());
    }
  }

  private static Duration min(Duration backoff) {
    return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
  }

  private void upload(Cycle cycle) throws IOException {
    if (cycle.spans() == 0) {
      return;
    }
    String id =
        dev.hopscope.store.object.BlockKeys.forOffsets(
            cycle.partition(), cycle.first(), cycle.last());
    BlockMetaInput input = BlockMetaInput.of(cycle.partition(), cycle.first(), cycle.last());
    for (Map.Entry<String, List<SpanBatch>> tenant : cycle.byTenant().entrySet()) {
      Path file = settings.workDirectory().resolve(tenant.getKey() + "-" + id + ".blk");
      Files.deleteIfExists(file);
      try {
        long rows = BlockFileWriter.write(file, tenant.getValue(), ZSTD_LEVEL, ROW_GROUP_ROWS);
        uploader.upload(tenant.getKey(), id, file, input);
        blocksUploaded.incrementAndGet();
        spansUploaded.addAndGet(rows);
      } finally {
        Files.deleteIfExists(file);
      }
    }
  }

  /** On assignment: find cycles uploaded but not committed, so their redo ends where they did. */
  private final class Assignment implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
      Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
      List<String> tenants = storage.listPrefixes("");
      for (TopicPartition partition : partitions) {
        OffsetAndMetadata at = committed.get(partition);
        // beginningOffsets answers every partition it was asked for, or throws.
        long start =
            at == null
                ? Objects.requireNonNull(beginnings.get(partition), partition::toString)
                : at.offset();
        Long end = uploadedEnd(tenants, partition.partition(), start);
        if (end != null) {
          redoUntil.put(partition, end);
          cyclesRedone.incrementAndGet();
          LOG.log(
              Level.INFO,
              "block-builder redoes partition {0} offsets [{1}, {2}]: uploaded before, not"
                  + " committed",
              partition.partition(),
              start,
              end);
        }
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // Not committed: the next owner redoes them, to the same ids.
      for (TopicPartition partition : partitions) {
        cycles.remove(partition);
        redoUntil.remove(partition);
        retries.remove(partition);
      }
    }
  }

  /**
   * The last offset of a block of {@code partition} starting at {@code first}, or null when no
   * tenant has one.
   */
  private @Nullable Long uploadedEnd(List<String> tenants, int partition, long first) {
    String idPrefix = String.format("p%04d-%020d-", partition, first);
    for (String tenant : tenants) {
      String prefix = tenant + "/blocks/" + idPrefix;
      for (ObjectStorage.ObjectInfo object : storage.list(prefix)) {
        String rest = object.key().substring(prefix.length());
        int slash = rest.indexOf('/');
        if (slash == 20 && object.key().endsWith("/meta.json")) {
          return Long.parseLong(rest.substring(0, slash));
        }
      }
    }
    return null;
  }

  private static void emptyDirectory(Path dir) {
    try {
      Files.createDirectories(dir);
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the block-builder's directory " + dir, e);
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
