package dev.hopscope.store.embedded;

import dev.hopscope.store.embedded.internal.block.Block;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chooses merges among small blocks whose spans start in the same window (by their earliest span).
 * Merging only within a window keeps retention dropping whole blocks of roughly one age.
 *
 * <p>Two policies. A <em>full</em> plan merges every window's small blocks, oldest first, into
 * blocks of at most the target size: what an explicit {@code compact()} and a window that has
 * closed get. The <em>background</em> plan for the window still being written waits until a run of
 * small blocks fills a target-sized block and merges that run once. Every span is then rewritten
 * once on its way from a head cut to a compacted block: merging whatever was small rewrote it about
 * nine times at the defaults, and merging four blocks of one size class at a time (the policy
 * before this one) twice, once in the open window and again when the window closed, and the
 * rewrites were a third of the server's CPU under steady load.
 */
final class CompactionPlan {
  private CompactionPlan() {}

  /**
   * Blocks of at least this many rows are left alone: a merge of leftovers into one so close to the
   * target would rewrite it for little gain.
   */
  static long doneRows(long target) {
    return target - target / 4;
  }

  /** Every window's small blocks merged into blocks of at most the target size. */
  static List<List<Block>> full(List<Block> blocks, EmbeddedStoreConfig config) {
    List<List<Block>> merges = new ArrayList<>();
    for (List<Block> small : smallByWindow(blocks, config).values()) {
      merges.addAll(upToTarget(small, config.compactedBlockSpans(), false));
    }
    return merges;
  }

  /** Closed windows fully; in the open one (and later ones) only runs that fill a block. */
  static List<List<Block>> background(
      List<Block> blocks, EmbeddedStoreConfig config, long nowNanos) {
    long openWindow = Math.floorDiv(nowNanos, config.compactionWindow().toNanos());
    List<List<Block>> merges = new ArrayList<>();
    for (Map.Entry<Long, List<Block>> window : smallByWindow(blocks, config).entrySet()) {
      boolean open = window.getKey() >= openWindow;
      merges.addAll(upToTarget(window.getValue(), config.compactedBlockSpans(), open));
    }
    return merges;
  }

  private static Map<Long, List<Block>> smallByWindow(
      List<Block> blocks, EmbeddedStoreConfig config) {
    long window = config.compactionWindow().toNanos();
    long done = doneRows(config.compactedBlockSpans());
    Map<Long, List<Block>> byWindow = new TreeMap<>();
    for (Block block : blocks) {
      if (block.rows() < done) {
        byWindow
            .computeIfAbsent(Math.floorDiv(block.minStart(), window), key -> new ArrayList<>())
            .add(block);
      }
    }
    return byWindow;
  }

  /**
   * Oldest first, consecutive runs of at least two blocks and at most {@code target} rows; with
   * {@code filledOnly}, only runs that reach {@link #doneRows} or that the next block would push
   * past the target, so a run still growing waits for more blocks.
   */
  private static List<List<Block>> upToTarget(List<Block> blocks, long target, boolean filledOnly) {
    List<Block> sorted = new ArrayList<>(blocks);
    sorted.sort(Comparator.comparingLong(Block::minStart));
    List<List<Block>> merges = new ArrayList<>();
    List<Block> current = new ArrayList<>();
    long rows = 0;
    for (Block block : sorted) {
      if (!current.isEmpty() && rows + block.rows() > target) {
        addIfTwoOrMore(merges, current);
        current = new ArrayList<>();
        rows = 0;
      }
      current.add(block);
      rows += block.rows();
    }
    if (!filledOnly || rows >= doneRows(target)) {
      addIfTwoOrMore(merges, current);
    }
    return merges;
  }

  private static void addIfTwoOrMore(List<List<Block>> merges, List<Block> group) {
    if (group.size() >= 2) {
      merges.add(group);
    }
  }
}
