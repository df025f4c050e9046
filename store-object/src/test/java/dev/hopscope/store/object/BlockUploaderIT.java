package dev.hopscope.store.object;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Trace;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.embedded.BlockFileWriter;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.testing.MutableClock;
import dev.hopscope.store.testing.TraceFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upload order and visibility against a real S3 API: a block is read only once its meta exists, a
 * crashed upload redone under the same id leaves one block, and a finished block is never
 * rewritten.
 */
class BlockUploaderIT {
  private static final String TENANT = "acme";

  @TempDir static Path serverDirectory;
  private static S3ProxyProcess s3proxy;
  private static final AtomicInteger buckets = new AtomicInteger();

  @TempDir Path directory;
  private final MutableClock clock = MutableClock.atNanos(TraceFixtures.T0);
  private ObjectStorage storage;
  private BlockUploader uploader;
  private List<Trace> traces;
  private Path blockFile;

  @BeforeAll
  static void startS3Proxy() throws Exception {
    s3proxy = S3ProxyProcess.start(serverDirectory);
  }

  @AfterAll
  static void stopS3Proxy() {
    if (s3proxy != null) {
      s3proxy.close();
    }
  }

  @BeforeEach
  void writeABlockFile() throws Exception {
    storage = s3proxy.newBucket("uploads-" + buckets.incrementAndGet());
    uploader = new BlockUploader(storage, clock);
    traces = TraceFixtures.randomTraces(3, 40);
    blockFile = directory.resolve("block.blk");
    BlockFileWriter.write(blockFile, List.of(TraceFixtures.batchOf(traces)), 3, 16);
  }

  @AfterEach
  void closeClient() {
    storage.close();
  }

  private ObjectTraceStore reader(String cache) {
    ObjectStorage client = ObjectStorage.create(s3proxy.config(storage.bucket()));
    return ObjectTraceStore.open(
        client,
        ObjectStoreConfig.builder(directory.resolve(cache))
            .clock(clock)
            .metaRefresh(Duration.ZERO)
            .build());
  }

  private static List<Trace> searchAll(ObjectTraceStore store) {
    try (Stream<Trace> results = store.search(TENANT, SearchRequest.of(TimeRange.ALL))) {
      return results.toList();
    }
  }

  @Test
  void uploadsDataThenAMetaDescribingIt() throws Exception {
    String id = BlockKeys.forOffsets(2, 1000, 1039);
    BlockMeta meta = uploader.upload(TENANT, id, blockFile, BlockMetaInput.of(2, 1000, 1039));
    Block block = Block.open(blockFile);
    try {
      assertThat(meta.bytes()).isEqualTo(Files.size(blockFile));
      assertThat(meta.spans()).isEqualTo(block.rows());
      assertThat(meta.minStartNanos()).isEqualTo(block.minStart());
      assertThat(meta.maxEndNanos()).isEqualTo(block.maxEnd());
    } finally {
      block.release();
    }
    assertThat(meta.partition()).isEqualTo(2);
    assertThat(meta.createdAt()).isEqualTo(Instant.ofEpochSecond(0, TraceFixtures.T0));
    assertThat(storage.list(TENANT + "/"))
        .extracting(ObjectStorage.ObjectInfo::key)
        .containsExactly(BlockKeys.dataKey(TENANT, id), BlockKeys.metaKey(TENANT, id));
    assertThat(storage.get(BlockKeys.metaKey(TENANT, id)).map(BlockMeta::fromJson)).contains(meta);
    try (ObjectTraceStore store = reader("cache")) {
      for (Trace trace : traces) {
        assertThat(store.trace(TENANT, trace.traceId())).contains(trace);
      }
    }
  }

  @Test
  void aBlockWithoutItsMetaIsNeverReadAndTheRedoLeavesOneBlock() {
    String id = BlockKeys.forOffsets(0, 0, 39);
    // A builder that crashed after the data object and before the meta.
    storage.put(BlockKeys.dataKey(TENANT, id), blockFile);
    try (ObjectTraceStore store = reader("cache-1")) {
      assertThat(store.trace(TENANT, traces.getFirst().traceId())).isEmpty();
      assertThat(searchAll(store)).isEmpty();
      assertThat(store.tenants()).isEmpty();
    }
    // Its successor redoes the cycle: same records, same id.
    uploader.upload(TENANT, id, blockFile, BlockMetaInput.of(0, 0, 39));
    uploader.upload(TENANT, id, blockFile, BlockMetaInput.of(0, 0, 39));
    assertThat(storage.list(TENANT + "/")).hasSize(2);
    try (ObjectTraceStore store = reader("cache-2")) {
      assertThat(searchAll(store)).containsExactlyInAnyOrderElementsOf(traces);
    }
  }

  @Test
  void aFinishedBlockIsNotRewritten() {
    String id = BlockKeys.forOffsets(1, 0, 39);
    BlockMeta first = uploader.upload(TENANT, id, blockFile, BlockMetaInput.of(1, 0, 39));
    clock.advance(Duration.ofMinutes(5));
    long puts = storage.requestCounts().puts();
    BlockMeta again = uploader.upload(TENANT, id, blockFile, BlockMetaInput.of(1, 0, 39));
    assertThat(storage.requestCounts().puts()).isEqualTo(puts);
    assertThat(again).isEqualTo(first);
  }
}
