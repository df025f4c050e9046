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
    // Which row groups to read is known from the footers alone; reading them (the decoding, the
    // building of spans) is spread over the read's threads, and the spans are taken in block and
    // group order, as a sequential read takes them.
    List<Piece> pieces = new ArrayList<>();
    for (Block block : snapshot.blocks()) {
      plan(block, sorted, pieces);
    }
    List<ReadPool.Outcome<List<Span>>> built =
        snapshot.reads().map(pieces, piece -> piece.read(groups));
    Block failed = null;
    for (int i = 0; i < pieces.size(); i++) {
      Piece piece = pieces.get(i);
      if (piece.block == failed) {
        continue;
      }
      ReadPool.Outcome<List<Span>> outcome = built.get(i);
      RuntimeException failure = outcome.failure();
      if (failure instanceof CorruptBlockException corrupt) {
        failed = piece.block;
        onCorrupt.corrupt(piece.block, corrupt);
        continue;
      }
      if (failure != null) {
        // A read error or a decode bug fails the fetch; the block stays live.
        throw BlockFailures.named(piece.block, failure);
      }
      for (Span span : outcome.get()) {
        TraceMerger merger = parts.get(span.traceId());
        if (merger != null) {
          merger.add(span);
        }
      }
    }
    Map<TraceId, Trace> out = new HashMap<>();
    parts.forEach((id, merger) -> merger.build().ifPresent(trace -> out.put(id, trace)));
    return out;
  }

  /** One row group of a block to read, and the wanted traces it may hold, in trace-id order. */
  private record Piece(Block block, int group, List<TraceId> inGroup) {
    /** The wanted traces' spans in the group; rows of others between them are read past. */
    List<Span> read(RowGroupCache groups) {
      RowGroup rows = groups.get(block, group);
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
      return first < 0 ? List.of() : rows.spans(first, last + 1, row -> wantedRow[row]);
    }
  }

  /** Adds the row groups of {@code block} that may hold any of {@code ids}, in group order. */
  private static void plan(Block block, TreeSet<TraceId> ids, List<Piece> pieces) {
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
    byGroup.forEach((group, inGroup) -> pieces.add(new Piece(block, group, inGroup)));
  }

  private static int compare(TraceId id, long high, long low) {
    int byHigh = Long.compareUnsigned(id.high(), high);
    return byHigh != 0 ? byHigh : Long.compareUnsigned(id.low(), low);
  }
}
