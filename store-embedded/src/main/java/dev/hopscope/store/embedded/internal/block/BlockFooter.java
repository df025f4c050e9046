package dev.hopscope.store.embedded.internal.block;

import dev.hopscope.store.embedded.internal.codec.ByteSink;
import dev.hopscope.store.embedded.internal.codec.ByteSource;
import dev.hopscope.store.embedded.internal.codec.MalformedDataException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The decoded footer of a block: what can be answered without reading any row.
 *
 * @param cells the chunk of per-grain span cells ({@code CellsCodec}); null in blocks written
 *     before cells were, and in blocks whose spans could not be kept as cells
 * @param digest the trace digest written with the block ({@code TraceDigester}); null in blocks
 *     written without one
 */
record BlockFooter(
    long rows,
    long traceRuns,
    long minStart,
    long maxStart,
    long maxEnd,
    long minDuration,
    long maxDuration,
    ChunkRef tables,
    List<RowGroupMeta> groups,
    BloomFilter bloom,
    BlockSummary summary,
    @Nullable ChunkRef cells,
    @Nullable Digest digest) {

  /** Tags an optional section after the summary; readers before it stop at the summary. */
  private static final int CELLS_SECTION = 1;

  /**
   * Tags the digest section, written after the cells. A reader from before digests stops after the
   * cells section, or at this tag when a block has no cells: it reads the block as before.
   */
  private static final int DIGEST_SECTION = 2;

  /** A digest chunk and the name of the digester that wrote it. */
  record Digest(String name, ChunkRef chunk) {}

  void writeTo(ByteSink out) {
    out.writeInt(BlockFormat.VERSION);
    out.writeVarLong(rows).writeVarLong(traceRuns);
    out.writeLong(minStart).writeLong(maxStart).writeLong(maxEnd);
    out.writeLong(minDuration).writeLong(maxDuration);
    tables.writeTo(out);
    out.writeVarInt(groups.size());
    for (RowGroupMeta group : groups) {
      group.writeTo(out);
    }
    bloom.writeTo(out);
    summary.writeTo(out);
    if (cells != null) {
      out.writeVarInt(CELLS_SECTION);
      cells.writeTo(out);
    }
    if (digest != null) {
      out.writeVarInt(DIGEST_SECTION);
      out.writeString(digest.name());
      digest.chunk().writeTo(out);
    }
  }

  static BlockFooter readFrom(ByteSource in) {
    int version = in.readInt();
    if (version != BlockFormat.VERSION) {
      throw new MalformedDataException("footer version " + version);
    }
    long rows = in.readVarLong();
    long traceRuns = in.readVarLong();
    long minStart = in.readLong();
    long maxStart = in.readLong();
    long maxEnd = in.readLong();
    long minDuration = in.readLong();
    long maxDuration = in.readLong();
    ChunkRef tables = ChunkRef.readFrom(in);
    int groupCount = in.readCount();
    List<RowGroupMeta> groups = new ArrayList<>(groupCount);
    for (int i = 0; i < groupCount; i++) {
      groups.add(RowGroupMeta.readFrom(in));
    }
    BloomFilter bloom = BloomFilter.readFrom(in);
    BlockSummary summary = BlockSummary.readFrom(in);
    ChunkRef cells = null;
    Digest digest = null;
    // Sections come in tag order. One a later build adds after these is skipped: its tag is
    // unknown here, and nothing after it is read.
    int tag = in.hasRemaining() ? in.readVarInt() : 0;
    if (tag == CELLS_SECTION) {
      cells = ChunkRef.readFrom(in);
      tag = in.hasRemaining() ? in.readVarInt() : 0;
    }
    if (tag == DIGEST_SECTION) {
      digest = new Digest(in.readString(), ChunkRef.readFrom(in));
    }
    return new BlockFooter(
        rows,
        traceRuns,
        minStart,
        maxStart,
        maxEnd,
        minDuration,
        maxDuration,
        tables,
        List.copyOf(groups),
        bloom,
        summary,
        cells,
        digest);
  }
}
