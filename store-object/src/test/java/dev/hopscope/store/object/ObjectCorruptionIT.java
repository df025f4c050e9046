package dev.hopscope.store.object;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.embedded.BlockFileWriter;
import dev.hopscope.store.embedded.internal.block.BlockTail;
import dev.hopscope.store.testing.MutableClock;
import dev.hopscope.store.testing.TraceFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage in the bucket costs only the damaged block's spans: a flipped byte in a block's rows, or a
 * meta that does not parse, takes that block out of this reader's answers and nothing else.
 */
class ObjectCorruptionIT {
  private static final String TENANT = "acme";

  @TempDir static Path serverDirectory;
  private static S3ProxyProcess s3proxy;
  private static int buckets;

  @TempDir Path directory;
  private ObjectStorage storage;
  private List<Trace> traces;
  private List<List<Span>> parts;
  private final List<String> ids = new ArrayList<>();

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
  void uploadThreeBlocks() throws Exception {
    storage = s3proxy.newBucket("corruption-" + ++buckets);
    traces = TraceFixtures.randomTraces(9, 200);
    parts = TraceFixtures.split(traces, 3);
    BlockUploader uploader = new BlockUploader(storage, MutableClock.atNanos(TraceFixtures.T0));
    for (int i = 0; i < parts.size(); i++) {
      Path file = directory.resolve("part-" + i + ".blk");
      BlockFileWriter.write(file, List.of(SpanBatch.of(parts.get(i))), 3, 16);
      ids.add(BlockKeys.forOffsets(0, i * 100L, i * 100L + 99));
      uploader.upload(TENANT, ids.get(i), file, BlockMetaInput.of(0, i * 100L, i * 100L + 99));
    }
  }

  /** The traces as the blocks other than {@code lost} hold them. */
  private Map<TraceId, Trace> withoutPart(int lost) {
    Map<TraceId, List<Span>> spans = new HashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      if (i != lost) {
        for (Span span : parts.get(i)) {
          spans.computeIfAbsent(span.traceId(), id -> new ArrayList<>()).add(span);
        }
      }
    }
    Map<TraceId, Trace> out = new HashMap<>();
    spans.forEach((id, list) -> out.put(id, new Trace(id, list)));
    return out;
  }

  private ObjectTraceStore open(String cache) {
    return ObjectTraceStore.open(
        ObjectStorage.create(s3proxy.config(storage.bucket())),
        ObjectStoreConfig.builder(directory.resolve(cache)).build());
  }

  private void assertServesAllBut(ObjectTraceStore store, int lost) {
    Map<TraceId, Trace> expected = withoutPart(lost);
    for (Trace trace : traces) {
      assertThat(store.trace(TENANT, trace.traceId()))
          .isEqualTo(java.util.Optional.ofNullable(expected.get(trace.traceId())));
    }
    try (Stream<Trace> found = store.search(TENANT, SearchRequest.of(TimeRange.ALL))) {
      assertThat(found.toList()).containsExactlyInAnyOrderElementsOf(expected.values());
    }
  }

  @Test
  void aFlippedByteInABlocksRowsCostsThatBlocksSpansOnly() throws Exception {
    String key = BlockKeys.dataKey(TENANT, ids.get(1));
    byte[] data = storage.get(key).orElseThrow();
    Path copy = directory.resolve("copy.blk");
    Files.write(copy, data);
    // Inside the rows, before the tail: the trailer and meta still agree, a chunk CRC does not.
    data[(int) BlockTail.read(copy).offset() / 2] ^= 0x40;
    storage.put(key, data, "application/octet-stream");
    try (ObjectTraceStore lookups = open("lookups")) {
      // Trace by id reads ranges: the damaged group fails its checksum when a lookup reaches it.
      for (Trace trace : traces) {
        lookups.trace(TENANT, trace.traceId());
      }
      assertServesAllBut(lookups, 1);
    }
    try (ObjectTraceStore searches = open("searches")) {
      // Search downloads the block: the whole-file checksum fails, twice, and it is left out.
      try (Stream<Trace> found = searches.search(TENANT, SearchRequest.of(TimeRange.ALL))) {
        assertThat(found.toList()).containsExactlyInAnyOrderElementsOf(withoutPart(1).values());
      }
      assertServesAllBut(searches, 1);
    }
  }

  @Test
  void aMetaThatDoesNotParseHidesItsBlockOnly() {
    storage.put(
        BlockKeys.metaKey(TENANT, ids.get(2)),
        "{\"metaVersion\": 1, \"id\": \"truncated".getBytes(StandardCharsets.UTF_8),
        "application/json");
    try (ObjectTraceStore store = open("metas")) {
      assertServesAllBut(store, 2);
    }
  }
}
