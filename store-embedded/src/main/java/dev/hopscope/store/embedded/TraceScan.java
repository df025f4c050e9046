package dev.hopscope.store.embedded;

import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.block.CorruptBlockException;
import dev.hopscope.store.embedded.internal.codec.RowGroup;
import dev.hopscope.store.embedded.internal.head.HeadGeneration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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
  private final ReadPool reads;
  private final Map<TraceId, Seen> seen = new HashMap<>();
  private final Map<Block, boolean[]> scannedGroups = new HashMap<>();

  /**
   * @param byStart true when a span is in the window only if it starts there (scan), false when
   *     overlapping is enough (search)
   * @param reads the threads a block's row groups are spread over
   */
  TraceScan(TimeRange range, boolean byStart, HintProgram hints, ReadPool reads) {
    this.range = range;
    this.reads = reads;
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
    List<Integer> groups = new ArrayList<>();
    for (int g = 0; g < block.rowGroupCount(); g++) {
      if (block.rowGroupOverlaps(g, range)) {
        groups.add(g);
      }
    }
    // Decoding and checking the groups is spread over the read's threads; what they saw is taken
    // in group order, so a failure part-way leaves what a sequential scan would have left.
    List<ReadPool.Outcome<Runs>> read = reads.map(groups, g -> runs(block.rowGroup(g), program));
    for (int i = 0; i < groups.size(); i++) {
      read.get(i).get().addTo(seen);
      scanned[groups.get(i)] = true;
    }
  }

  /** What one row group holds, trace by trace: rows of a trace are adjacent in a block. */
  private Runs runs(RowGroup rows, HintProgram.BlockProgram program) {
    boolean anyHint = program.possibleMask() != 0;
    Runs runs = new Runs();
    for (int row = 0; row < rows.rowCount(); row++) {
      long start = rows.startNanos(row);
      long end = rows.endNanos(row);
      runs.add(
          rows.traceIdHigh(row),
          rows.traceIdLow(row),
          start,
          end,
          inWindow(start, end),
          anyHint ? program.evaluate(rows, row) : 0);
    }
    return runs;
  }

  /** The rows of one row group folded per trace: id, extent, window and hints of each run. */
  private static final class Runs {
    private long[] highs = new long[16];
    private long[] lows = new long[16];
    private long[] minStarts = new long[16];
    private long[] maxEnds = new long[16];
    private int[] hintMasks = new int[16];
    private boolean[] inWindow = new boolean[16];
    private int count;

    void add(long high, long low, long start, long end, boolean inWindowRow, int hintMask) {
      int last = count - 1;
      if (last < 0 || highs[last] != high || lows[last] != low) {
        if (count == highs.length) {
          grow();
        }
        last = count++;
        highs[last] = high;
        lows[last] = low;
        minStarts[last] = start;
        maxEnds[last] = end;
        hintMasks[last] = hintMask;
        inWindow[last] = inWindowRow;
        return;
      }
      minStarts[last] = Math.min(minStarts[last], start);
      maxEnds[last] = Math.max(maxEnds[last], end);
      hintMasks[last] |= hintMask;
      inWindow[last] |= inWindowRow;
    }

    void addTo(Map<TraceId, Seen> seen) {
      for (int i = 0; i < count; i++) {
        Seen trace = seen.computeIfAbsent(new TraceId(highs[i], lows[i]), id -> new Seen());
        trace.inWindow |= inWindow[i];
        trace.hints |= hintMasks[i];
        trace.minStart = Math.min(trace.minStart, minStarts[i]);
        trace.maxEnd = Math.max(trace.maxEnd, maxEnds[i]);
      }
    }

    private void grow() {
      int length = highs.length * 2;
      highs = Arrays.copyOf(highs, length);
      lows = Arrays.copyOf(lows, length);
      minStarts = Arrays.copyOf(minStarts, length);
      maxEnds = Arrays.copyOf(maxEnds, length);
      hintMasks = Arrays.copyOf(hintMasks, length);
      inWindow = Arrays.copyOf(inWindow, length);
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
