package dev.hopscope.store.embedded.internal.block;

import dev.hopscope.store.embedded.internal.codec.Column;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Checks, when a block opens, that its footer agrees with itself: what it promises (rows, time
 * ranges) against what its row groups say they hold, and that every chunk reference points inside
 * the file, in order and without overlap. The footer is the table of contents of every read, so a
 * footer that contradicts itself makes the block unservable: a block whose footer promised 337 rows
 * while its row groups held none used to open and answer nothing (issue 25). Reads only the decoded
 * footer: opening costs no data read beyond the checksum pass.
 */
final class FooterCheck {
  /**
   * A zstd block inflates to at most 128 KiB and costs at least 4 bytes (3 of header, 1 of RLE
   * content), so no frame inflates more than this many times its size. Bounds what a reference can
   * make a read allocate.
   */
  static final long MAX_INFLATION = (128 << 10) / 4;

  private FooterCheck() {}

  /**
   * The first inconsistency found, worded for an operator, or null when there is none.
   *
   * @param footerStart the byte where the footer starts: chunks must end at or before it
   */
  static @Nullable String problem(BlockFooter footer, long footerStart) {
    List<RowGroupMeta> groups = footer.groups();
    if (groups.isEmpty()) {
      return "footer promises " + footer.rows() + " rows, row groups hold 0 (no row groups)";
    }
    String problem = rowCounts(footer);
    if (problem == null) {
      problem = chunks(footer, footerStart);
    }
    if (problem == null) {
      problem = traceIdOrder(groups);
    }
    if (problem == null) {
      problem = zoneMaps(footer);
    }
    return problem;
  }

  private static @Nullable String rowCounts(BlockFooter footer) {
    long held = 0;
    for (RowGroupMeta group : footer.groups()) {
      held += group.rows();
    }
    if (held != footer.rows()) {
      return "footer promises " + footer.rows() + " rows, row groups hold " + held;
    }
    if (footer.traceRuns() < 1 || footer.traceRuns() > footer.rows()) {
      return "footer counts " + footer.traceRuns() + " traces in " + footer.rows() + " rows";
    }
    return null;
  }

  /**
   * Column chunks group by group, then the tables chunk, then the cells chunk and the digest chunk
   * if any: ascending, disjoint, inside the data.
   */
  private static @Nullable String chunks(BlockFooter footer, long footerStart) {
    long previousEnd = BlockFormat.HEADER_BYTES;
    List<RowGroupMeta> groups = footer.groups();
    for (int g = 0; g < groups.size(); g++) {
      ChunkRef[] columns = groups.get(g).columns();
      for (int c = 0; c < columns.length; c++) {
        String where = "row group " + g + " column " + Column.values()[c];
        String problem = chunk(where, columns[c], previousEnd, footerStart);
        if (problem != null) {
          return problem;
        }
        previousEnd = columns[c].offset() + columns[c].compressedLength();
      }
    }
    String problem = chunk("the tables chunk", footer.tables(), previousEnd, footerStart);
    if (problem != null) {
      return problem;
    }
    previousEnd = footer.tables().offset() + footer.tables().compressedLength();
    ChunkRef cells = footer.cells();
    if (cells != null) {
      problem = chunk("the span cells chunk", cells, previousEnd, footerStart);
      if (problem != null) {
        return problem;
      }
      previousEnd = cells.offset() + cells.compressedLength();
    }
    BlockFooter.Digest digest = footer.digest();
    return digest == null
        ? null
        : chunk("the " + digest.name() + " digest chunk", digest.chunk(), previousEnd, footerStart);
  }

  private static @Nullable String chunk(
      String where, ChunkRef ref, long previousEnd, long footerStart) {
    if (ref.compressedLength() <= 0 || ref.rawLength() < 0) {
      return where
          + " has a chunk of "
          + ref.compressedLength()
          + " bytes inflating to "
          + ref.rawLength();
    }
    if (ref.rawLength() > ref.compressedLength() * MAX_INFLATION) {
      return where
          + " claims "
          + ref.compressedLength()
          + " bytes inflate to "
          + ref.rawLength()
          + ", more than zstd can";
    }
    if (ref.offset() < previousEnd) {
      return where
          + " starts at byte "
          + ref.offset()
          + ", before the previous chunk ends (byte "
          + previousEnd
          + ")";
    }
    if (ref.offset() > footerStart - ref.compressedLength()) {
      return where
          + " ends at byte "
          + (ref.offset() + ref.compressedLength())
          + ", past the start of the footer (byte "
          + footerStart
          + ")";
    }
    return null;
  }

  /** Rows are sorted by trace id, so each group's range follows the previous one's. */
  private static @Nullable String traceIdOrder(List<RowGroupMeta> groups) {
    RowGroupMeta previous = null;
    for (int g = 0; g < groups.size(); g++) {
      RowGroupMeta group = groups.get(g);
      if ((group.firstHigh() == 0 && group.firstLow() == 0)
          || RowGroupMeta.compare(
                  group.firstHigh(), group.firstLow(), group.lastHigh(), group.lastLow())
              > 0) {
        return "row group " + g + " has trace id range " + range(group);
      }
      // A trace may continue into the next group, so its first id may equal the last one here.
      if (previous != null
          && RowGroupMeta.compare(
                  previous.lastHigh(), previous.lastLow(), group.firstHigh(), group.firstLow())
              > 0) {
        return "row group "
            + g
            + " starts at trace id "
            + hex(group.firstHigh(), group.firstLow())
            + ", before row group "
            + (g - 1)
            + " ends at "
            + hex(previous.lastHigh(), previous.lastLow());
      }
      previous = group;
    }
    return null;
  }

  /**
   * The block's time and duration ranges are exactly those of its groups, as the writer sets them.
   */
  private static @Nullable String zoneMaps(BlockFooter footer) {
    long minStart = Long.MAX_VALUE;
    long maxEnd = Long.MIN_VALUE;
    long minDuration = Long.MAX_VALUE;
    long maxDuration = Long.MIN_VALUE;
    long latestGroupStart = Long.MIN_VALUE;
    List<RowGroupMeta> groups = footer.groups();
    for (int g = 0; g < groups.size(); g++) {
      RowGroupMeta group = groups.get(g);
      if (group.minDuration() > group.maxDuration()) {
        return "row group "
            + g
            + " has minimum duration "
            + group.minDuration()
            + " above its maximum "
            + group.maxDuration();
      }
      minStart = Math.min(minStart, group.minStart());
      latestGroupStart = Math.max(latestGroupStart, group.minStart());
      maxEnd = Math.max(maxEnd, group.maxEnd());
      minDuration = Math.min(minDuration, group.minDuration());
      maxDuration = Math.max(maxDuration, group.maxDuration());
    }
    if (footer.minStart() != minStart || footer.maxEnd() != maxEnd) {
      return "footer time range ["
          + footer.minStart()
          + ", "
          + footer.maxEnd()
          + "] differs from its row groups' ["
          + minStart
          + ", "
          + maxEnd
          + "]";
    }
    if (footer.minDuration() != minDuration || footer.maxDuration() != maxDuration) {
      return "footer duration range ["
          + footer.minDuration()
          + ", "
          + footer.maxDuration()
          + "] differs from its row groups' ["
          + minDuration
          + ", "
          + maxDuration
          + "]";
    }
    // Each group's earliest start is some row's start, and maxStart is the latest of them all.
    if (footer.maxStart() < latestGroupStart) {
      return "footer latest start "
          + footer.maxStart()
          + " is before a row group's earliest start "
          + latestGroupStart;
    }
    return null;
  }

  private static String range(RowGroupMeta group) {
    return "["
        + hex(group.firstHigh(), group.firstLow())
        + ", "
        + hex(group.lastHigh(), group.lastLow())
        + "]";
  }

  private static String hex(long high, long low) {
    return String.format("%016x%016x", high, low);
  }
}
