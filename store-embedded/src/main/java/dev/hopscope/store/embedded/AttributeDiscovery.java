package dev.hopscope.store.embedded;

import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.SearchHint;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.codec.AttributeHash;
import dev.hopscope.store.embedded.internal.codec.RowGroup;
import dev.hopscope.store.embedded.internal.head.HeadGeneration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds candidate traces for a search from an attribute hint instead of the time window: every
 * matching trace has a span with the attribute, and the per-row-group attribute bloom filters say
 * which few row groups can hold one. Exact (no false negatives); candidates are then checked whole.
 * Selective searches (a user id, an order id) read a handful of row groups instead of every row in
 * the window.
 */
final class AttributeDiscovery {
  private AttributeDiscovery() {}

  /**
   * True when the attribute's bloom filters rule out most row groups of the window, so that
   * discovery by attribute (which then fetches every candidate trace whole) beats scanning the
   * window. A common value ({@code db.system = "postgresql"}) passes nearly every filter: fetching
   * thousands of whole traces took seconds where the window scan takes a fraction of that.
   */
  static boolean isSelective(Snapshot snapshot, SearchHint.AttributeEquals hint, TimeRange range) {
    HintHashes pair = HintHashes.of(hint);
    long groups = 0;
    long maybe = 0;
    for (Block block : snapshot.blocks()) {
      if (!block.overlaps(range)) {
        continue;
      }
      for (int g = 0; g < block.rowGroupCount(); g++) {
        if (!block.rowGroupOverlaps(g, range)) {
          continue;
        }
        groups++;
        if (pair.mayHave(block, g)) {
          maybe++;
        }
      }
    }
    return maybe * SELECTIVE_SHARE <= groups;
  }

  /** At most one row group in this many may hold the value for discovery to pay. */
  private static final int SELECTIVE_SHARE = 8;

  /**
   * The pair's bloom hashes, computed once per search: hashing it again for each of the ~10,000 row
   * groups of 10 M spans, twice over, was a visible part of a selective search.
   */
  record HintHashes(String key, boolean span, long spanHash, boolean resource, long resourceHash) {
    static HintHashes of(SearchHint.AttributeEquals hint) {
      return new HintHashes(
          hint.key(),
          hint.scope() != SearchHint.Scope.RESOURCE,
          AttributeHash.of(AttributeHash.SPAN, hint.key(), hint.value()),
          hint.scope() != SearchHint.Scope.SPAN,
          AttributeHash.of(AttributeHash.RESOURCE, hint.key(), hint.value()));
    }

    boolean mayHave(Block block, int group) {
      if (!block.bloomsHoldArrayElements()) {
        // An older block's blooms hold whole arrays only: one of its arrays under the key may
        // hold the value, so every row group with the key may.
        return (span && block.spanAttributeKeys().contains(key))
            || (resource && block.resourceAttributeKeys().contains(key));
      }
      return (span && block.rowGroupMayHave(group, spanHash))
          || (resource && block.rowGroupMayHave(group, resourceHash));
    }
  }

  static Set<TraceId> candidates(Snapshot snapshot, SearchHint.AttributeEquals hint) {
    Set<TraceId> out = new HashSet<>();
    HintProgram program = new HintProgram(List.of(hint));
    for (HeadGeneration generation : snapshot.head()) {
      for (SpanBatch batch : generation.batches()) {
        for (int row = 0; row < batch.size(); row++) {
          if (program.evaluate(batch, row) != 0) {
            out.add(batch.traceId(row));
          }
        }
      }
    }
    HintHashes pair = HintHashes.of(hint);
    for (Block block : snapshot.blocks()) {
      try {
        fromBlock(block, program, pair, out);
      } catch (RuntimeException e) {
        throw BlockFailures.named(block, e);
      }
    }
    return out;
  }

  private static void fromBlock(
      Block block, HintProgram program, HintHashes pair, Set<TraceId> out) {
    HintProgram.BlockProgram compiled = program.forBlock(block);
    if (compiled.possibleMask() == 0) {
      return;
    }
    for (int g = 0; g < block.rowGroupCount(); g++) {
      if (!pair.mayHave(block, g)) {
        continue;
      }
      RowGroup rows = block.rowGroup(g);
      for (int row = 0; row < rows.rowCount(); row++) {
        if (compiled.evaluate(rows, row) != 0) {
          out.add(new TraceId(rows.traceIdHigh(row), rows.traceIdLow(row)));
        }
      }
    }
  }
}
