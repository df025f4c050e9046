package dev.hopscope.store.embedded;

import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.SearchHint;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.codec.AttributeHash;
import dev.hopscope.store.embedded.internal.codec.RowGroup;
import dev.hopscope.store.embedded.internal.head.HeadGeneration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
   * The row groups of every block whose blooms may hold the pair, probed once: deciding whether the
   * attribute is selective and then finding its candidates probed the ~10,000 row-group blooms of
   * 10 M spans twice, a fifth of a selective search.
   */
  static final class Probe {
    private final SearchHint.AttributeEquals hint;
    private final HintHashes pair;
    // The row groups that may hold the pair, ascending, of each block probed so far.
    private final Map<Block, int[]> maybeGroups;
    private final boolean selective;

    private Probe(
        SearchHint.AttributeEquals hint,
        HintHashes pair,
        Map<Block, int[]> maybeGroups,
        boolean selective) {
      this.hint = hint;
      this.pair = pair;
      this.maybeGroups = maybeGroups;
      this.selective = selective;
    }

    SearchHint.AttributeEquals hint() {
      return hint;
    }

    /**
     * True when the attribute's bloom filters rule out most row groups of the window, so that
     * discovery by attribute (which then fetches every candidate trace whole) beats scanning the
     * window. A common value ({@code db.system = "postgresql"}) passes nearly every filter:
     * fetching thousands of whole traces took seconds where the window scan takes a fraction.
     */
    boolean selective() {
      return selective;
    }
  }

  /**
   * Probes the row-group blooms of the blocks overlapping the window for the hint's pair; the other
   * blocks are probed only if the search goes on to find candidates.
   */
  static Probe probe(Snapshot snapshot, SearchHint.AttributeEquals hint, TimeRange range) {
    HintHashes pair = HintHashes.of(hint);
    long groups = 0;
    long maybe = 0;
    List<Block> window = new ArrayList<>();
    for (Block block : snapshot.blocks()) {
      if (block.overlaps(range)) {
        window.add(block);
      }
    }
    // A thousand blooms a block: the blocks are probed on the read's threads.
    List<ReadPool.Outcome<int[]>> probed =
        snapshot.reads().map(window, block -> maybeGroups(block, pair));
    Map<Block, int[]> maybeGroups = new LinkedHashMap<>();
    for (int i = 0; i < window.size(); i++) {
      Block block = window.get(i);
      int[] found = probed.get(i).get();
      maybeGroups.put(block, found);
      maybe += found.length;
      for (int g = 0; g < block.rowGroupCount(); g++) {
        if (block.rowGroupOverlaps(g, range)) {
          groups++;
        } else if (Arrays.binarySearch(found, g) >= 0) {
          maybe--;
        }
      }
    }
    return new Probe(hint, pair, maybeGroups, maybe * SELECTIVE_SHARE <= groups);
  }

  private static int[] maybeGroups(Block block, HintHashes pair) {
    int[] found = new int[block.rowGroupCount()];
    int count = 0;
    for (int g = 0; g < found.length; g++) {
      if (pair.mayHave(block, g)) {
        found[count++] = g;
      }
    }
    return Arrays.copyOf(found, count);
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

  /**
   * Every trace with a span or resource that may hold the pair: exact, checked whole later. The row
   * groups read are left in {@code groups} for the fetch of the candidates.
   */
  static Set<TraceId> candidates(Snapshot snapshot, Probe probe, RowGroupCache groups) {
    Set<TraceId> out = new HashSet<>();
    HintProgram program = new HintProgram(List.of(probe.hint()));
    for (HeadGeneration generation : snapshot.head()) {
      for (SpanBatch batch : generation.batches()) {
        for (int row = 0; row < batch.size(); row++) {
          if (program.evaluate(batch, row) != 0) {
            out.add(batch.traceId(row));
          }
        }
      }
    }
    // Every block, not only the window's: a trace in the window may have its matching span in a
    // block that starts or ends outside it. The candidate groups are read on the read's threads.
    List<Piece> pieces = new ArrayList<>();
    for (Block block : snapshot.blocks()) {
      try {
        plan(block, probe, program, pieces);
      } catch (RuntimeException e) {
        throw BlockFailures.named(block, e);
      }
    }
    List<ReadPool.Outcome<List<TraceId>>> read =
        snapshot.reads().map(pieces, piece -> piece.matches(groups));
    for (int i = 0; i < pieces.size(); i++) {
      ReadPool.Outcome<List<TraceId>> outcome = read.get(i);
      if (outcome.failure() != null) {
        throw BlockFailures.named(pieces.get(i).block, outcome.failure());
      }
      out.addAll(outcome.get());
    }
    return out;
  }

  private static void plan(Block block, Probe probe, HintProgram program, List<Piece> pieces) {
    HintProgram.BlockProgram compiled = program.forBlock(block);
    if (compiled.possibleMask() == 0) {
      return;
    }
    int[] groups = probe.maybeGroups.get(block);
    for (int g : groups != null ? groups : maybeGroups(block, probe.pair)) {
      pieces.add(new Piece(block, g, compiled));
    }
  }

  /** One row group whose bloom may hold the pair. */
  private record Piece(Block block, int group, HintProgram.BlockProgram program) {
    /** The traces with a row that holds the pair, each once per run of its rows. */
    List<TraceId> matches(RowGroupCache cache) {
      RowGroup rows = cache.get(block, group);
      List<TraceId> found = new ArrayList<>();
      long lastHigh = 0;
      long lastLow = 0;
      for (int row = 0; row < rows.rowCount(); row++) {
        if (program.evaluate(rows, row) != 0) {
          long high = rows.traceIdHigh(row);
          long low = rows.traceIdLow(row);
          if (found.isEmpty() || high != lastHigh || low != lastLow) {
            found.add(new TraceId(high, low));
            lastHigh = high;
            lastLow = low;
          }
        }
      }
      return found;
    }
  }
}
