package dev.hopscope.store.embedded.internal.block;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.store.cells.SpanCells;
import dev.hopscope.store.digest.TraceDigester;
import dev.hopscope.store.embedded.internal.codec.BatchTables;
import dev.hopscope.store.embedded.internal.codec.ByteSink;
import dev.hopscope.store.embedded.internal.codec.Column;
import dev.hopscope.store.embedded.internal.codec.RowRefs;
import dev.hopscope.store.embedded.internal.codec.SpanColumnsWriter;
import dev.hopscope.store.embedded.internal.codec.Tables;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * Streams rows, already sorted by (trace id, start), into a new block file: row groups are encoded
 * and compressed as they fill, so memory stays at one row group however large the block. {@link
 * #finish} writes the footer and forces the file; until then the file is not a valid block.
 */
public final class BlockWriter implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(BlockWriter.class.getName());
  private final Path file;
  private final FileChannel channel;
  private final int rowGroupRows;
  private final CRC32C fileCrc = new CRC32C();
  // Reused for every chunk of the block: a context per chunk set zstd's tables up per chunk, and
  // per-chunk arrays were a fifth of what a cut allocated.
  private final ZstdCompressCtx zstd;
  private final ByteSink[] columnSinks = new ByteSink[Column.COUNT];
  private byte[] compressed = new byte[0];
  // Chunks go to the file through this buffer: a row group is a score of small chunks, and a
  // write call each was a system call each.
  private final ByteBuffer fileBuffer = ByteBuffer.allocate(256 * 1024);
  private final Tables tables = new Tables();
  private final BloomFilter bloom;
  private final BlockSummary.Builder summary = new BlockSummary.Builder();
  private SpanCells cells = new SpanCells();
  // False when the caller hands over the block's cells already counted (compaction's inputs').
  private boolean countCells = true;
  private final List<RowGroupMeta> groups = new ArrayList<>();
  // The row group being filled: references to the rows' batches, encoded without copying.
  private final RowRefs group;
  // Batches their owner is done adding from, forgotten once the group holding their rows is out.
  private final List<SpanBatch> released = new ArrayList<>();
  private long position;
  private long rows;
  private long traceRuns;
  private long lastHigh;
  private long lastLow;
  private long minStart = Long.MAX_VALUE;
  private long maxStart = Long.MIN_VALUE;
  private long maxEnd = Long.MIN_VALUE;
  private long minDuration = Long.MAX_VALUE;
  private long maxDuration = Long.MIN_VALUE;
  private boolean finished;
  private final boolean arrayElementsInBlooms;
  private @Nullable String digestName;
  private TraceDigester.@Nullable Digest digest;
  // The spans of the trace being written, for the digest: a trace's run may cross row groups.
  private final List<Span> digestRun = new ArrayList<>();

  public BlockWriter(Path file, long expectedTraces, int zstdLevel, int rowGroupRows)
      throws IOException {
    this(file, expectedTraces, zstdLevel, rowGroupRows, true);
  }

  /**
   * @param arrayElementsInBlooms false writes the blooms as builds before array elements did, for
   *     the tests that read such blocks
   */
  BlockWriter(
      Path file,
      long expectedTraces,
      int zstdLevel,
      int rowGroupRows,
      boolean arrayElementsInBlooms)
      throws IOException {
    this.arrayElementsInBlooms = arrayElementsInBlooms;
    if (arrayElementsInBlooms) {
      summary.arrayElementsInBlooms();
    }
    this.file = file;
    this.rowGroupRows = rowGroupRows;
    this.bloom = BloomFilter.forTraceIds(expectedTraces);
    this.group = new RowRefs(tables, rowGroupRows);
    for (int i = 0; i < columnSinks.length; i++) {
      columnSinks[i] = new ByteSink(Math.max(64, rowGroupRows * 2));
    }
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    ByteSink header = new ByteSink();
    header.writeBytes(BlockFormat.HEADER_MAGIC).writeInt(BlockFormat.VERSION);
    write(header.toByteArray());
    // Last: a native context, which a failure above would leave unclosed.
    this.zstd = new ZstdCompressCtx().setLevel(zstdLevel);
  }

  /**
   * Digests every trace of the block with {@code digester} and keeps the digest in the block under
   * the digester's name. Call before the first row.
   */
  public BlockWriter digestWith(TraceDigester digester) {
    if (rows != 0) {
      throw new IllegalStateException("a digest must start before the first row");
    }
    digestName = digester.name();
    digest = digester.start();
    return this;
  }

  /**
   * Takes the block's span cells from {@code counted} instead of counting each row: compaction adds
   * up its inputs' cells, and the caller must leave them equal to the cells of the rows written.
   * Call before the first row.
   */
  public BlockWriter cellsCountedBy(SpanCells counted) {
    if (rows != 0) {
      throw new IllegalStateException("counted cells must be given before the first row");
    }
    cells = counted;
    countCells = false;
    return this;
  }

  /**
   * Adds a row of a batch: a head cut's request batches, or compaction's row groups decoded as
   * batches. The batch is referred to, not copied, so it must stay unchanged until {@link #finish}
   * or until it is {@link #release released}.
   */
  public void add(SpanBatch batch, int row) throws IOException {
    group.add(batch, row);
    if (digest != null) {
      digest(batch.spanView(row));
    }
    added(batch.traceIdHigh(row), batch.traceIdLow(row));
  }

  private void added(long high, long low) throws IOException {
    if (rows == 0 || high != lastHigh || low != lastLow) {
      traceRuns++;
      bloom.add(high, low);
      lastHigh = high;
      lastLow = low;
    }
    rows++;
    if (group.size() >= rowGroupRows) {
      flushGroup();
    }
  }

  /**
   * Says no more rows of {@code batch} will be added, so its mapping to the block's tables can go
   * once the group holding its last rows is written: compaction decodes a batch per input row
   * group, and keeping every one's mapping until the end held the whole merge in memory.
   */
  public void release(SpanBatch batch) {
    released.add(batch);
  }

  public long rows() {
    return rows;
  }

  /**
   * Writes the filled row group. Each pass over its rows is a method of its own, with its own loop:
   * one method doing them all compiled, with everything it inlined, to 80 KB of machine code that
   * the JIT built five times in a minute (on-stack replacement, then again whenever a cut or a
   * merge took a branch the other had not), which cost a fresh server more CPU than its cuts
   * (docs/benchmarks.md, session 16).
   */
  private void flushGroup() throws IOException {
    if (group.isEmpty()) {
      return;
    }
    GroupZone zone = zone();
    if (countCells) {
      countCells();
    }
    PairHashes pairs = summarize();
    minStart = Math.min(minStart, zone.minStart);
    maxStart = Math.max(maxStart, zone.maxStart);
    maxEnd = Math.max(maxEnd, zone.maxEnd);
    minDuration = Math.min(minDuration, zone.minDuration);
    maxDuration = Math.max(maxDuration, zone.maxDuration);
    int size = group.size();
    ChunkRef[] refs = writeColumns();
    SpanBatch first = group.batch(0);
    SpanBatch last = group.batch(size - 1);
    groups.add(
        new RowGroupMeta(
            size,
            first.traceIdHigh(group.row(0)),
            first.traceIdLow(group.row(0)),
            last.traceIdHigh(group.row(size - 1)),
            last.traceIdLow(group.row(size - 1)),
            zone.minStart,
            zone.maxEnd,
            zone.minDuration,
            zone.maxDuration,
            refs,
            pairs.toBloom()));
    group.clear();
    for (SpanBatch batch : released) {
      group.forget(batch);
    }
    released.clear();
  }

  /** The group's zone map, and the status codes it holds into the summary. */
  private GroupZone zone() {
    GroupZone zone = new GroupZone();
    for (int i = 0; i < group.size(); i++) {
      SpanBatch batch = group.batch(i);
      int row = group.row(i);
      zone.add(batch.startNanos(row), batch.endNanos(row), batch.durationNanos(row));
      summary.addStatus(batch.statusCode(row).number());
    }
    return zone;
  }

  private void countCells() {
    for (int i = 0; i < group.size(); i++) {
      cells.add(group.batch(i), group.row(i));
    }
  }

  /**
   * Adds the group's services, span names and keys to the block summary, and returns the group's
   * attribute pairs for its bloom. The summary is updated once per distinct value: its sorted sets
   * are far slower per call than these sets of dictionary indexes, and a row group repeats the same
   * few values.
   */
  private PairHashes summarize() {
    LongHashSet resourcesSeen = new LongHashSet();
    LongHashSet servicesAndNames = new LongHashSet();
    LongHashSet spanKeys = new LongHashSet();
    PairHashes pairs = new PairHashes(arrayElementsInBlooms);
    for (int i = 0; i < group.size(); i++) {
      SpanBatch batch = group.batch(i);
      BatchTables mapped = group.mapping(i);
      int row = group.row(i);
      int resource = mapped.resource(row);
      long serviceAndName = ((long) resource << 32) | mapped.string(batch.nameIndex(row));
      if (servicesAndNames.add(serviceAndName)) {
        summary.add(batch.resource(row).serviceName(), batch.name(row));
      }
      spanPairs(batch, mapped, row, spanKeys, pairs);
      if (resourcesSeen.add(resource)) {
        resourcePairs(batch.resource(row), pairs);
      }
    }
    return pairs;
  }

  private void spanPairs(
      SpanBatch batch, BatchTables mapped, int row, LongHashSet spanKeys, PairHashes pairs) {
    int attributes = batch.attributeCount(row);
    for (int a = 0; a < attributes; a++) {
      int keyIndex = mapped.string(batch.attributeKeyIndex(row, a));
      AttributeValue value = batch.attributeValue(row, a);
      int valueIndex = mapped.valueString(row, a);
      String key = batch.attributeKey(row, a);
      if (spanKeys.add(keyIndex)) {
        summary.addSpanKey(key);
      }
      pairs.addSpan(keyIndex, key, value, valueIndex);
    }
  }

  private void resourcePairs(Resource resource, PairHashes pairs) {
    summary.addResourceKeys(resource.attributes().asMap().keySet());
    for (var entry : resource.attributes().asMap().entrySet()) {
      pairs.addResource(entry.getKey(), entry.getValue());
    }
  }

  /** Encodes the group's columns and writes each as a chunk. */
  private ChunkRef[] writeColumns() throws IOException {
    SpanColumnsWriter.encode(group, 0, group.size(), columnSinks);
    ChunkRef[] refs = new ChunkRef[Column.COUNT];
    for (int i = 0; i < columnSinks.length; i++) {
      refs[i] = writeChunk(columnSinks[i].array(), columnSinks[i].size());
    }
    return refs;
  }

  /** A row group's zone map, and its latest start. */
  private static final class GroupZone {
    long minStart = Long.MAX_VALUE;
    long maxStart = Long.MIN_VALUE;
    long maxEnd = Long.MIN_VALUE;
    long minDuration = Long.MAX_VALUE;
    long maxDuration = Long.MIN_VALUE;

    void add(long start, long end, long duration) {
      minStart = Math.min(minStart, start);
      maxStart = Math.max(maxStart, start);
      maxEnd = Math.max(maxEnd, end);
      minDuration = Math.min(minDuration, duration);
      maxDuration = Math.max(maxDuration, duration);
    }
  }

  /**
   * A digester that fails never fails the block: the spans are what the user sent, the digest only
   * a shortcut. The block is written without one, and reads that need it read the traces.
   */
  private void digestFailed(RuntimeException e) {
    LOG.log(
        System.Logger.Level.WARNING,
        "digester " + digestName + " failed on block " + file + "; the block has no digest",
        e);
    digest = null;
    digestRun.clear();
  }

  /**
   * Hands the digest each trace's run once it ends: rows come sorted by trace, so a span of another
   * trace ends the run. Spans are views of their batches' rows, their attributes read if asked.
   */
  private void digest(Span span) {
    TraceDigester.Digest current = digest;
    if (current == null) {
      return;
    }
    try {
      if (!digestRun.isEmpty() && !digestRun.get(0).traceId().equals(span.traceId())) {
        current.add(digestRun);
        digestRun.clear();
      }
      digestRun.add(span);
    } catch (RuntimeException e) {
      digestFailed(e);
    }
  }

  private ChunkRef writeChunk(byte[] raw) throws IOException {
    return writeChunk(raw, raw.length);
  }

  /** Compresses {@code raw[0, length)} into a chunk of the file. */
  private ChunkRef writeChunk(byte[] raw, int length) throws IOException {
    int bound = (int) Zstd.compressBound(length);
    if (compressed.length < bound) {
      compressed = new byte[Math.max(bound, compressed.length * 2)];
    }
    int size = zstd.compressByteArray(compressed, 0, compressed.length, raw, 0, length);
    CRC32C crc = new CRC32C();
    crc.update(compressed, 0, size);
    ChunkRef ref = new ChunkRef(position, size, length, (int) crc.getValue());
    write(compressed, 0, size);
    return ref;
  }

  private void write(byte[] bytes) throws IOException {
    write(bytes, 0, bytes.length);
  }

  /** Appends to the file, through the buffer; {@link #position} counts what was appended. */
  private void write(byte[] bytes, int offset, int length) throws IOException {
    fileCrc.update(bytes, offset, length);
    appendUnchecked(bytes, offset, length);
  }

  private void appendUnchecked(byte[] bytes, int offset, int length) throws IOException {
    if (length > fileBuffer.remaining()) {
      flushFileBuffer();
    }
    if (length >= fileBuffer.capacity()) {
      ByteBuffer direct = ByteBuffer.wrap(bytes, offset, length);
      while (direct.hasRemaining()) {
        channel.write(direct);
      }
    } else {
      fileBuffer.put(bytes, offset, length);
    }
    position += length;
  }

  private void flushFileBuffer() throws IOException {
    fileBuffer.flip();
    while (fileBuffer.hasRemaining()) {
      channel.write(fileBuffer);
    }
    fileBuffer.clear();
  }

  /** Writes the last row group, the tables, footer and trailer, and forces the file. */
  public void finish() throws IOException {
    flushGroup();
    if (rows == 0) {
      throw new IllegalStateException("a block needs at least one row");
    }
    ByteSink tableBytes = new ByteSink(4096);
    tables.writeTo(tableBytes);
    ChunkRef tablesRef = writeChunk(tableBytes.toByteArray());
    ChunkRef cellsRef = cells.exact() ? writeChunk(CellsCodec.encode(cells.cells())) : null;
    BlockFooter.Digest digestSection = null;
    if (digest != null && digestName != null) {
      byte[] digested = null;
      try {
        if (!digestRun.isEmpty()) {
          digest.add(digestRun);
        }
        digested = digest.finish();
      } catch (RuntimeException e) {
        digestFailed(e);
      }
      if (digested != null) {
        digestSection = new BlockFooter.Digest(digestName, writeChunk(digested));
      }
    }
    ByteSink footer = new ByteSink(8192);
    new BlockFooter(
            rows,
            traceRuns,
            minStart,
            maxStart,
            maxEnd,
            minDuration,
            maxDuration,
            tablesRef,
            groups,
            bloom,
            summary.build(),
            cellsRef,
            digestSection)
        .writeTo(footer);
    byte[] footerBytes = footer.toByteArray();
    write(footerBytes);
    CRC32C footerCrc = new CRC32C();
    footerCrc.update(footerBytes);
    ByteSink trailer = new ByteSink(BlockFormat.TRAILER_BYTES);
    trailer.writeInt(footerBytes.length).writeInt((int) footerCrc.getValue());
    write(trailer.toByteArray());
    ByteSink end = new ByteSink(12);
    end.writeInt((int) fileCrc.getValue()).writeBytes(BlockFormat.TRAILER_MAGIC);
    // The file's checksum does not cover itself.
    appendUnchecked(end.array(), 0, end.size());
    flushFileBuffer();
    channel.force(true);
    channel.close();
    zstd.close();
    finished = true;
  }

  /** Abandons an unfinished block, deleting the partial file. */
  @Override
  public void close() throws IOException {
    if (!finished) {
      zstd.close();
      channel.close();
      Files.deleteIfExists(file);
    }
  }
}
