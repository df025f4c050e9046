package dev.hopscope.store.embedded;

import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.block.CorruptBlockException;
import dev.hopscope.store.embedded.internal.codec.RowGroup;
import dev.hopscope.store.embedded.internal.head.HeadGeneration;
import dev.hopscope.store.internal.TraceMerger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Materialises whole traces from every part of a snapshot. Many ids at once: each block row group
 * that holds any of them is decoded once, which is what makes search results and scans cheap.
 */
final class TraceFetcher {
  /** Called when a block turns out corrupt while reading; the fetch goes on without it. */
  interface CorruptionHandler {
    void corrupt(Block block, CorruptBlockException problem);
  }

  private TraceFetcher() {}

  static Map<TraceId, Trace> fetch(
      Snapshot snapshot, Collection<TraceId> ids, CorruptionHandler onCorrupt) {
    return fetch(snapshot, ids, onCorrupt, RowGroupCache.none());
  }

  /** As above, taking row groups from (and leaving them in) {@code groups}. */
  static Map<TraceId, Trace> fetch(
      Snapshot snapshot,
      Collection<TraceId> ids,
      CorruptionHandler onCorrupt,
      RowGroupCache groups) {
    Map<TraceId, TraceMerger> parts = new HashMap<>();
    for (TraceId id : ids) {
      parts.put(id, new TraceMerger(id));
    }
    List<Span> scratch = new ArrayList<>();
    for (HeadGeneration generation : snapshot.head()) {
      for (Map.Entry<TraceId, TraceMerger> part : parts.entrySet()) {
        scratch.clear();
        generation.trace(part.getKey(), scratch);
        part.getValue().addAll(scratch);
      }
    }
    TreeSet<TraceId> sorted = new TreeSet<>(ids);
    for (Block block : snapshot.blocks()) {
      try {
        fetchFromBlock(block, sorted, parts, groups);
      } catch (CorruptBlockException e) {
        onCorrupt.corrupt(block, e);
      } catch (RuntimeException e) {
        // A read error or a decode bug fails the fetch; the block stays live.
        throw BlockFailures.named(block, e);
      }
    }
    Map<TraceId, Trace> out = new HashMap<>();
    parts.forEach((id, merger) -> merger.build().ifPresent(trace -> out.put(id, trace)));
    return out;
  }

  private static void fetchFromBlock(
      Block block, TreeSet<TraceId> ids, Map<TraceId, TraceMerger> parts, RowGroupCache groups) {
    List<TraceId> wanted = new ArrayList<>();
    for (TraceId id : ids) {
      if (block.mightContain(id.high(), id.low())) {
        wanted.add(id);
      }
    }
    if (wanted.isEmpty()) {
      return;
    }
    // Each id's groups by binary search; in group order, so every group is decoded once.
    TreeMap<Integer, List<TraceId>> byGroup = new TreeMap<>();
    for (TraceId id : wanted) {
      for (int g = block.firstRowGroupFor(id.high(), id.low());
          g < block.rowGroupCount() && block.rowGroupCoversTrace(g, id.high(), id.low());
          g++) {
        byGroup.computeIfAbsent(g, group -> new ArrayList<>()).add(id);
      }
    }
    for (Map.Entry<Integer, List<TraceId>> entry : byGroup.entrySet()) {
      List<TraceId> inGroup = entry.getValue();
      RowGroup rows = groups.get(block, entry.getKey());
      boolean[] wantedRow = new boolean[rows.rowCount()];
      int first = -1;
      int last = -1;
      // Rows and wanted ids are both in trace-id order: one merge walk, no lookup per row.
      int next = 0;
      for (int row = 0; row < rows.rowCount() && next < inGroup.size(); row++) {
        long high = rows.traceIdHigh(row);
        long low = rows.traceIdLow(row);
        while (next < inGroup.size() && compare(inGroup.get(next), high, low) < 0) {
          next++;
        }
        if (next < inGroup.size() && compare(inGroup.get(next), high, low) == 0) {
          wantedRow[row] = true;
          first = first < 0 ? row : first;
          last = row;
        }
      }
      if (first < 0) {
        continue;
      }
      // Rows of other traces between the first and last wanted one are read past, not built.
      for (Span span : rows.spans(first, last + 1, row -> wantedRow[row])) {
        TraceMerger merger = parts.get(span.traceId());
        if (merger != null) {
          merger.add(span);
        }
      }
    }
  }

  private static int compare(TraceId id, long high, long low) {
    int byHigh = Long.compareUnsigned(id.high(), high);
    return byHigh != 0 ? byHigh : Long.compareUnsigned(id.low(), low);
  }
}
