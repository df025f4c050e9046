package dev.hopscope.cluster.compactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.embedded.BlockFileWriter;
import dev.hopscope.store.object.BlockKeys;
import dev.hopscope.store.object.BlockMetaInput;
import dev.hopscope.store.object.BlockUploader;
import dev.hopscope.store.object.CompactionSettings;
import dev.hopscope.store.object.ObjectStorage;
import dev.hopscope.store.object.ObjectStoreConfig;
import dev.hopscope.store.object.ObjectTraceStore;
import dev.hopscope.store.object.RetentionPolicy;
import dev.hopscope.store.object.S3ProxyProcess;
import dev.hopscope.store.testing.MutableClock;
import dev.hopscope.store.testing.TraceFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One bucket on a real s3proxy, blocks uploaded as a block-builder would (ids from offsets), and
 * checks that read every trace back through {@link ObjectTraceStore}, as a querier does.
 */
final class BucketFixture {
  static final int PARTITIONS = 2;
  private static final AtomicInteger files = new AtomicInteger();

  final S3ProxyProcess s3proxy;
  final String bucket;
  final Path work;
  final MutableClock clock;
  final ObjectStorage storage;
  private final BlockUploader uploader;
  private final Map<String, long[]> nextOffset = new HashMap<>();

  BucketFixture(S3ProxyProcess s3proxy, String bucket, Path work, MutableClock clock) {
    this.s3proxy = s3proxy;
    this.bucket = bucket;
    this.work = work;
    this.clock = clock;
    this.storage = s3proxy.newBucket(bucket);
    this.uploader = new BlockUploader(storage, clock);
  }

  static int partitionOf(TraceId id) {
    return (int) Long.remainderUnsigned(id.low(), PARTITIONS);
  }

  /** Seeded traces of 1-5 spans starting within a second of {@code startNanos}. */
  static List<Trace> traces(long seed, int count, long startNanos) {
    Random random = new Random(seed);
    List<Trace> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      TraceId id = new TraceId(random.nextLong(), random.nextLong());
      List<Span> spans = new ArrayList<>();
      for (int s = 1 + random.nextInt(5); s > 0; s--) {
        spans.add(
            TraceFixtures.span(
                id,
                1 + (random.nextLong() >>> 1),
                "service-" + random.nextInt(4),
                "op-" + random.nextInt(8),
                startNanos + random.nextInt(1_000_000_000),
                1 + random.nextInt(50_000_000)));
      }
      out.add(new Trace(id, spans));
    }
    return out;
  }

  /**
   * Uploads the traces as {@code blocksPerPartition} blocks per partition, the way cycles cut them:
   * every other trace has its spans split over two neighbouring blocks, and every fifth trace's
   * first span is in two blocks (a client's retry), so reads must join parts and drop copies.
   * Returns the block ids.
   */
  List<String> upload(String tenant, List<Trace> traces, int blocksPerPartition)
      throws IOException {
    List<List<Span>> blocks = new ArrayList<>();
    for (int i = 0; i < PARTITIONS * blocksPerPartition; i++) {
      blocks.add(new ArrayList<>());
    }
    int next = 0;
    for (Trace trace : traces) {
      int base = partitionOf(trace.traceId()) * blocksPerPartition;
      List<Span> spans = trace.spans();
      for (int s = 0; s < spans.size(); s++) {
        boolean secondHalf = next % 2 == 0 && s >= spans.size() / 2;
        blocks.get(base + (next + (secondHalf ? 1 : 0)) % blocksPerPartition).add(spans.get(s));
      }
      if (next % 5 == 0) {
        blocks.get(base + (next + 1) % blocksPerPartition).add(spans.getFirst());
      }
      next++;
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      if (!blocks.get(i).isEmpty()) {
        ids.add(uploadBlock(tenant, i / blocksPerPartition, blocks.get(i)));
      }
    }
    return ids;
  }

  /** One block of one partition, at the partition's next offsets. */
  String uploadBlock(String tenant, int partition, List<Span> spans) throws IOException {
    long[] offsets = nextOffset.computeIfAbsent(tenant, t -> new long[PARTITIONS]);
    long first = offsets[partition];
    long last = first + 99;
    offsets[partition] = last + 1;
    String id = BlockKeys.forOffsets(partition, first, last);
    Path file = work.resolve("upload-" + files.incrementAndGet() + ".blk");
    BlockFileWriter.write(file, List.of(SpanBatch.of(spans)), 3, 1024);
    uploader.upload(tenant, id, file, BlockMetaInput.of(partition, first, last));
    Files.delete(file);
    return id;
  }

  /** A querier's view: a store over the bucket that lists on every read. */
  ObjectTraceStore reader(String name) {
    return ObjectTraceStore.open(
        ObjectStorage.create(s3proxy.config(bucket)),
        ObjectStoreConfig.builder(work.resolve("reader-" + name))
            .clock(clock)
            .metaRefresh(Duration.ZERO)
            .partitioner(BucketFixture::partitionOf)
            .build());
  }

  /**
   * Every trace reads back identical by id (so no span twice), and a scan of everything returns
   * each trace once and nothing else.
   */
  static void assertReadsExactly(ObjectTraceStore reader, String tenant, List<Trace> expected) {
    for (Trace trace : expected) {
      assertThat(reader.trace(tenant, trace.traceId()))
          .as("trace %s of %s", trace.traceId(), tenant)
          .contains(trace);
    }
    List<Trace> scanned = new ArrayList<>();
    reader.scan(tenant, TimeRange.ALL, scanned::add);
    assertThat(scanned).as("every trace of %s, once", tenant).hasSameSizeAs(expected);
    assertThat(scanned).containsExactlyInAnyOrderElementsOf(expected);
  }

  /** Block ids with a meta in the bucket (visible or replaced). */
  TreeSet<String> listedBlocks(String tenant) {
    TreeSet<String> ids = new TreeSet<>();
    String prefix = BlockKeys.blocksPrefix(tenant);
    for (ObjectStorage.ObjectInfo object : storage.list(prefix)) {
      if (object.key().endsWith("/meta.json")) {
        ids.add(object.key().substring(prefix.length(), object.key().indexOf("/meta.json")));
      }
    }
    return ids;
  }

  /** Objects under the tenant's blocks. */
  int objects(String tenant) {
    return storage.list(BlockKeys.blocksPrefix(tenant)).size();
  }

  /** Test settings: 1 h windows, 1 min minimum age, 5 min grace, 1 min lease, 10 s cycle. */
  CompactorSettings settings(String name, RetentionPolicy retention) {
    return new CompactorSettings(
        Duration.ofSeconds(10),
        Duration.ofMinutes(1),
        new CompactionSettings(
            work.resolve("compactor-" + name),
            Duration.ofHours(1),
            1_000_000,
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            retention));
  }

  CompactorSettings settings(String name) {
    return settings(name, RetentionPolicy.of(Duration.ofDays(30)));
  }

  Compactor compactor(String name) {
    return compactor(name, settings(name));
  }

  Compactor compactor(String name, CompactorSettings settings) {
    return Compactor.create(ObjectStorage.create(s3proxy.config(bucket)), settings, clock, name);
  }
}
