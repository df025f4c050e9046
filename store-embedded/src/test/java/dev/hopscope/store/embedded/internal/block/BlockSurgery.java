package dev.hopscope.store.embedded.internal.block;

import com.github.luben.zstd.Zstd;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.Trace;
import dev.hopscope.store.embedded.internal.codec.ByteSink;
import dev.hopscope.store.embedded.internal.codec.ByteSource;
import dev.hopscope.store.embedded.internal.codec.Column;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32C;

/**
 * Rewrites real block files the way a buggy writer would, then reseals them so that every checksum
 * passes: what is left wrong is exactly what the test put there, never disk damage.
 */
public final class BlockSurgery {
  private BlockSurgery() {}

  /** Writes the traces as a block file as the store would: rows sorted by trace id, then start. */
  public static void write(Path file, List<Trace> traces, int rowGroupRows) throws IOException {
    write(file, traces, rowGroupRows, true);
  }

  /**
   * Writes the block as builds before array elements went into the attribute blooms did: blooms
   * with whole arrays only, and no flag saying otherwise.
   */
  public static void writeWithoutArrayElements(Path file, List<Trace> traces, int rowGroupRows)
      throws IOException {
    write(file, traces, rowGroupRows, false);
  }

  private static void write(
      Path file, List<Trace> traces, int rowGroupRows, boolean arrayElementsInBlooms)
      throws IOException {
    List<Span> rows = new ArrayList<>();
    traces.forEach(trace -> rows.addAll(trace.spans()));
    rows.sort(
        Comparator.comparing(Span::traceId)
            .thenComparingLong(Span::startNanos)
            .thenComparing(Span::spanId));
    try (BlockWriter writer =
        new BlockWriter(file, traces.size(), 3, rowGroupRows, arrayElementsInBlooms)) {
      SpanBatch batch = SpanBatch.of(rows);
      for (int row = 0; row < batch.size(); row++) {
        writer.add(batch, row);
      }
      writer.finish();
    }
  }

  /** Changes the footer's row count and reseals: the row groups no longer add up to it. */
  public static void promiseRows(Path block, long rows) throws IOException {
    editFooter(
        block,
        f ->
            new BlockFooter(
                rows,
                f.traceRuns(),
                f.minStart(),
                f.maxStart(),
                f.maxEnd(),
                f.minDuration(),
                f.maxDuration(),
                f.tables(),
                f.groups(),
                f.bloom(),
                f.summary(),
                f.cells(),
                f.digest()));
  }

  /**
   * Takes the span cells out of the footer and reseals, as builds before cells wrote blocks (the
   * cells chunk stays in the file, referenced by nothing).
   */
  public static void dropCells(Path block) throws IOException {
    editFooter(
        block,
        f ->
            new BlockFooter(
                f.rows(),
                f.traceRuns(),
                f.minStart(),
                f.maxStart(),
                f.maxEnd(),
                f.minDuration(),
                f.maxDuration(),
                f.tables(),
                f.groups(),
                f.bloom(),
                f.summary(),
                null,
                null));
  }

  /** The encoded footer of a block file, for building seeds by hand. */
  static BlockFooter footer(byte[] file) {
    return BlockFooter.readFrom(new ByteSource(file, footerStart(file), footerLength(file)));
  }

  /** Replaces the footer and reseals; the chunks stay byte for byte. */
  static void editFooter(Path block, UnaryOperator<BlockFooter> edit) throws IOException {
    byte[] file = Files.readAllBytes(block);
    int chunksEnd = footerStart(file);
    Files.write(block, seal(Arrays.copyOf(file, chunksEnd), edit.apply(footer(file))));
  }

  /**
   * Replaces the raw bytes of one column chunk of one row group, recompressed with a matching chunk
   * checksum, moves every later chunk along and reseals.
   */
  public static void editColumn(Path block, int group, Column column, UnaryOperator<byte[]> edit)
      throws IOException {
    byte[] file = Files.readAllBytes(block);
    BlockFooter footer = footer(file);
    ByteSink chunks = new ByteSink(file.length);
    chunks.writeBytes(Arrays.copyOf(file, BlockFormat.HEADER_BYTES));
    List<RowGroupMeta> groups = new ArrayList<>();
    for (int g = 0; g < footer.groups().size(); g++) {
      RowGroupMeta meta = footer.groups().get(g);
      ChunkRef[] refs = new ChunkRef[meta.columns().length];
      for (int c = 0; c < refs.length; c++) {
        byte[] compressed = compressed(file, meta.columns()[c]);
        if (g == group && c == column.ordinal()) {
          byte[] raw = Zstd.decompress(compressed, meta.columns()[c].rawLength());
          byte[] edited = edit.apply(raw);
          refs[c] = append(chunks, Zstd.compress(edited, 3), edited.length);
        } else {
          refs[c] = append(chunks, compressed, meta.columns()[c].rawLength());
        }
      }
      groups.add(
          new RowGroupMeta(
              meta.rows(),
              meta.firstHigh(),
              meta.firstLow(),
              meta.lastHigh(),
              meta.lastLow(),
              meta.minStart(),
              meta.maxEnd(),
              meta.minDuration(),
              meta.maxDuration(),
              refs,
              meta.attributes()));
    }
    ChunkRef tables =
        append(chunks, compressed(file, footer.tables()), footer.tables().rawLength());
    BlockFooter edited =
        new BlockFooter(
            footer.rows(),
            footer.traceRuns(),
            footer.minStart(),
            footer.maxStart(),
            footer.maxEnd(),
            footer.minDuration(),
            footer.maxDuration(),
            tables,
            groups,
            footer.bloom(),
            footer.summary(),
            null, // the cells chunk is not carried over
            null); // nor the digest
    Files.write(block, seal(chunks.toByteArray(), edited));
  }

  private static byte[] compressed(byte[] file, ChunkRef ref) {
    return Arrays.copyOfRange(
        file, (int) ref.offset(), (int) ref.offset() + ref.compressedLength());
  }

  private static ChunkRef append(ByteSink chunks, byte[] compressed, int rawLength) {
    CRC32C crc = new CRC32C();
    crc.update(compressed);
    ChunkRef ref = new ChunkRef(chunks.size(), compressed.length, rawLength, (int) crc.getValue());
    chunks.writeBytes(compressed);
    return ref;
  }

  /** Header and chunks, then the footer and a trailer whose checksums match them. */
  private static byte[] seal(byte[] chunks, BlockFooter footer) {
    ByteSink footerBytes = new ByteSink(8192);
    footer.writeTo(footerBytes);
    byte[] encoded = footerBytes.toByteArray();
    CRC32C footerCrc = new CRC32C();
    footerCrc.update(encoded);
    ByteSink out = new ByteSink(chunks.length + encoded.length + BlockFormat.TRAILER_BYTES);
    out.writeBytes(chunks).writeBytes(encoded);
    out.writeInt(encoded.length).writeInt((int) footerCrc.getValue());
    CRC32C fileCrc = new CRC32C();
    fileCrc.update(out.array(), 0, out.size());
    out.writeInt((int) fileCrc.getValue()).writeBytes(BlockFormat.TRAILER_MAGIC);
    return out.toByteArray();
  }

  private static int footerLength(byte[] file) {
    return ByteBuffer.wrap(file).getInt(file.length - BlockFormat.TRAILER_BYTES);
  }

  private static int footerStart(byte[] file) {
    return file.length - BlockFormat.TRAILER_BYTES - footerLength(file);
  }
}
