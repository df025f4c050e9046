package dev.hopscope.store.embedded;

import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.SearchHint;
import dev.hopscope.store.embedded.block.Block;
import dev.hopscope.store.embedded.codec.AttributeHash;
import dev.hopscope.store.embedded.codec.RowGroup;
import dev.hopscope.store.embedded.head.HeadGeneration;
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
    for (Block block : snapshot.blocks()) {
      try {
        fromBlock(block, program, hint, out);
      } catch (RuntimeException e) {
        throw Corruption.asCorrupt(block, e);
      }
    }
    return out;
  }

  private static void fromBlock(
      Block block, HintProgram program, SearchHint.AttributeEquals hint, Set<TraceId> out) {
    HintProgram.BlockProgram compiled = program.forBlock(block);
    if (compiled.possibleMask() == 0) {
      return;
    }
    for (int g = 0; g < block.rowGroupCount(); g++) {
      boolean inSpans =
          hint.scope() != SearchHint.Scope.RESOURCE
              && block.rowGroupMayHave(g, AttributeHash.SPAN, hint.key(), hint.value());
      boolean inResources =
          hint.scope() != SearchHint.Scope.SPAN
              && block.rowGroupMayHave(g, AttributeHash.RESOURCE, hint.key(), hint.value());
      if (!inSpans && !inResources) {
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
