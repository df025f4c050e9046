package dev.hopscope.store.embedded;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.store.SearchHint;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.codec.RowGroup;
import dev.hopscope.store.embedded.internal.head.HeadGeneration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * Spans one at a time, for metrics whose filter judges a span alone: every row starting in the
 * window that satisfies every hint, materialised without its trace. Row groups are skipped by their
 * zone maps and attribute blooms, rows by the hint program on encoded columns, so only candidate
 * rows become spans — where a search would fetch each candidate's whole trace.
 */
final class TenantSpans {
  private TenantSpans() {}

  static void visit(
      Snapshot snapshot, TimeRange range, List<SearchHint> hints, Consumer<Span> visitor) {
    HintProgram program = new HintProgram(hints);
    int full = program.fullMask();
    List<AttributeDiscovery.HintHashes> pairs = new ArrayList<>();
    for (SearchHint hint : hints) {
      if (hint instanceof SearchHint.AttributeEquals equals) {
        pairs.add(AttributeDiscovery.HintHashes.of(equals));
      }
    }
    for (HeadGeneration generation : snapshot.head()) {
      for (SpanBatch batch : generation.batches()) {
        for (int row = 0; row < batch.size(); row++) {
          if (range.contains(batch.startNanos(row)) && program.matchesAll(batch, row)) {
            visitor.accept(batch.span(row));
          }
        }
      }
    }
    for (Block block : snapshot.blocks()) {
      visitBlock(block, range, program, full, pairs, snapshot.reads(), visitor);
    }
  }

  /**
   * Decoding is inside the block's failure handling, the visitor outside it: what the visitor
   * throws (a query's time limit) is the caller's, never taken for a bad block.
   */
  private static void visitBlock(
      Block block,
      TimeRange range,
      HintProgram program,
      int full,
      List<AttributeDiscovery.HintHashes> pairs,
      ReadPool reads,
      Consumer<Span> visitor) {
    if (!block.overlaps(range)) {
      return;
    }
    HintProgram.BlockProgram compiled;
    try {
      compiled = program.forBlock(block);
    } catch (RuntimeException e) {
      throw BlockFailures.named(block, e);
    }
    if (compiled.possibleMask() != full) {
      return; // some hint no row of the block satisfies
    }
    List<Integer> groups = new ArrayList<>();
    for (int g = 0; g < block.rowGroupCount(); g++) {
      if (block.rowGroupOverlaps(g, range) && mayHaveAll(pairs, block, g)) {
        groups.add(g);
      }
    }
    // The groups are checked and built on the read's threads, a window at a time so that the
    // spans waiting for the visitor stay a few groups' worth, and visited in group order.
    int window = WINDOW_PER_THREAD * reads.threads();
    for (int from = 0; from < groups.size(); from += window) {
      List<Integer> slice = groups.subList(from, Math.min(groups.size(), from + window));
      List<ReadPool.Outcome<List<Span>>> built =
          reads.map(slice, g -> kept(block.rowGroup(g), range, compiled));
      for (ReadPool.Outcome<List<Span>> outcome : built) {
        List<Span> spans;
        try {
          spans = outcome.get();
        } catch (RuntimeException e) {
          throw BlockFailures.named(block, e);
        }
        spans.forEach(visitor);
      }
    }
  }

  /** Groups a thread takes per window: enough to keep it busy, few enough to bound the spans. */
  private static final int WINDOW_PER_THREAD = 4;

  /** The group's rows that start in the window and pass every hint, built; the rest never are. */
  private static List<Span> kept(
      RowGroup rows, TimeRange range, HintProgram.BlockProgram compiled) {
    BitSet kept = new BitSet(rows.rowCount());
    for (int row = 0; row < rows.rowCount(); row++) {
      if (range.contains(rows.startNanos(row)) && compiled.matchesAll(rows, row)) {
        kept.set(row);
      }
    }
    if (kept.isEmpty()) {
      return List.of(); // nothing to build: the group's other columns are never inflated
    }
    return rows.spans(kept.nextSetBit(0), kept.length(), kept::get);
  }

  private static boolean mayHaveAll(
      List<AttributeDiscovery.HintHashes> pairs, Block block, int group) {
    for (AttributeDiscovery.HintHashes pair : pairs) {
      if (!pair.mayHave(block, group)) {
        return false;
      }
    }
    return true;
  }
}
