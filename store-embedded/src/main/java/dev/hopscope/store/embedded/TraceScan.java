package dev.hopscope.store.embedded;

import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.block.CorruptBlockException;
import dev.hopscope.store.embedded.internal.codec.RowGroup;
import dev.hopscope.store.embedded.internal.head.HeadGeneration;
import java.util.HashMap;
import java.util.Map;

/**
 * The first phase of a search or scan: visits the rows of every source that can hold a span in the
 * window and records, per trace, whether a span is in the window, which hints some span satisfied,
 * and the trace's time extent. Sources and row groups skipped by their zone maps are remembered, so
 * the second phase knows which traces might have parts it has not seen.
 */
final class TraceScan {
  /** What the scanned parts of one trace showed. */
  static final class Seen {
    boolean inWindow;
    int hints;
    long minStart = Long.MAX_VALUE;
    long maxEnd = Long.MIN_VALUE;

    void add(long start, long end, boolean inWindowRow, int hintMask) {
      inWindow |= inWindowRow;
      hints |= hintMask;
      minStart = Math.min(minStart, start);
      maxEnd = Math.max(maxEnd, end);
    }
  }

  private final TimeRange range;
  private final boolean byStart;
  private final HintProgram hints;
  private final Map<TraceId, Seen> seen = new HashMap<>();
  private final Map<Block, boolean[]> scannedGroups = new HashMap<>();

  /**
   * @param byStart true when a span is in the window only if it starts there (scan), false when
   *     overlapping is enough (search)
   */
  TraceScan(TimeRange range, boolean byStart, HintProgram hints) {
    this.range = range;
    this.byStart = byStart;
    this.hints = hints;
  }

  Map<TraceId, Seen> seen() {
    return seen;
  }

  private boolean inWindow(long start, long end) {
    return byStart ? range.contains(start) : range.overlaps(start, end);
  }

  void scanHead(HeadGeneration generation) {
    for (SpanBatch batch : generation.batches()) {
      for (int row = 0; row < batch.size(); row++) {
        Seen trace = seen.computeIfAbsent(batch.traceId(row), id -> new Seen());
        long start = batch.startNanos(row);
        long end = batch.endNanos(row);
        trace.add(start, end, inWindow(start, end), hints.evaluate(batch, row));
      }
    }
  }

  /** Scans a block; a corrupt one throws {@link CorruptBlockException} and the caller retries. */
  void scanBlock(Block block) {
    try {
      scanBlockRows(block);
    } catch (RuntimeException e) {
      throw BlockFailures.named(block, e);
    }
  }

  private void scanBlockRows(Block block) {
    boolean[] scanned = new boolean[block.rowGroupCount()];
    scannedGroups.put(block, scanned);
    if (!block.overlaps(range)) {
      return;
    }
    HintProgram.BlockProgram program = hints.forBlock(block);
    boolean anyHint = program.possibleMask() != 0;
    for (int g = 0; g < block.rowGroupCount(); g++) {
      if (!block.rowGroupOverlaps(g, range)) {
        continue;
      }
      RowGroup rows = block.rowGroup(g);
      Seen current = null;
      long currentHigh = 0;
      long currentLow = 0;
      for (int row = 0; row < rows.rowCount(); row++) {
        long high = rows.traceIdHigh(row);
        long low = rows.traceIdLow(row);
        if (current == null || high != currentHigh || low != currentLow) {
          current = seen.computeIfAbsent(new TraceId(high, low), id -> new Seen());
          currentHigh = high;
          currentLow = low;
        }
        long start = rows.startNanos(row);
        long end = rows.endNanos(row);
        current.add(start, end, inWindow(start, end), anyHint ? program.evaluate(rows, row) : 0);
      }
      scanned[g] = true;
    }
  }

  /** True when a part of the trace might sit in a block or row group this scan skipped. */
  boolean mayHaveUnseenParts(TraceId id) {
    for (Map.Entry<Block, boolean[]> entry : scannedGroups.entrySet()) {
      Block block = entry.getKey();
      boolean[] scanned = entry.getValue();
      if (!block.mightContain(id.high(), id.low())) {
        continue;
      }
      for (int g = block.firstRowGroupFor(id.high(), id.low());
          g < scanned.length && block.rowGroupCoversTrace(g, id.high(), id.low());
          g++) {
        if (!scanned[g]) {
          return true;
        }
      }
    }
    return false;
  }
}
