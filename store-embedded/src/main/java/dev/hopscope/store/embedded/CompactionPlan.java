package dev.hopscope.store.embedded;

import dev.hopscope.store.embedded.internal.block.Block;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chooses merges among blocks smaller than the target whose spans start in the same window (by
 * their earliest span). Merging only within a window keeps retention dropping whole blocks of
 * roughly one age.
 *
 * <p>Two policies. A <em>full</em> plan merges every window's small blocks, oldest first, into
 * blocks of at most the target size: what an explicit {@code compact()} and a window that has
 * closed get. The <em>background</em> plan for the window still being written is size-tiered: it
 * merges only {@link #FAN_IN} blocks of the same size class at a time. Merging whatever is small
 * into the growing newest block rewrote each span once per head cut until the block reached the
 * target — about nine times at the defaults, most of the server's CPU under load — where tiers
 * rewrite a span once per factor of {@link #FAN_IN} in block size.
 */
final class CompactionPlan {
  /** Blocks of one size class merged at once; a block's class is log4 of its rows. */
  static final int FAN_IN = 4;

  private CompactionPlan() {}

  /** Every window's small blocks merged into blocks of at most the target size. */
  static List<List<Block>> full(List<Block> blocks, EmbeddedStoreConfig config) {
    List<List<Block>> merges = new ArrayList<>();
    for (List<Block> small : smallByWindow(blocks, config).values()) {
      merges.addAll(upToTarget(small, config.compactedBlockSpans(), 2));
    }
    return merges;
  }

  /** Closed windows fully; the open one (and later ones) by size class. */
  static List<List<Block>> background(
      List<Block> blocks, EmbeddedStoreConfig config, long nowNanos) {
    long openWindow = Math.floorDiv(nowNanos, config.compactionWindow().toNanos());
    List<List<Block>> merges = new ArrayList<>();
    for (Map.Entry<Long, List<Block>> window : smallByWindow(blocks, config).entrySet()) {
      if (window.getKey() < openWindow) {
        merges.addAll(upToTarget(window.getValue(), config.compactedBlockSpans(), 2));
        continue;
      }
      Map<Integer, List<Block>> byClass = new TreeMap<>();
      for (Block block : window.getValue()) {
        byClass.computeIfAbsent(sizeClass(block.rows()), key -> new ArrayList<>()).add(block);
      }
      for (List<Block> sameClass : byClass.values()) {
        merges.addAll(upToTarget(sameClass, config.compactedBlockSpans(), FAN_IN));
      }
    }
    return merges;
  }

  /** log4 of the rows: blocks within a factor of four of each other share a class. */
  static int sizeClass(long rows) {
    int sizeClass = 0;
    for (long r = Math.max(rows, 1); r >= FAN_IN; r /= FAN_IN) {
      sizeClass++;
    }
    return sizeClass;
  }

  private static Map<Long, List<Block>> smallByWindow(
      List<Block> blocks, EmbeddedStoreConfig config) {
    long window = config.compactionWindow().toNanos();
    long target = config.compactedBlockSpans();
    Map<Long, List<Block>> byWindow = new TreeMap<>();
    for (Block block : blocks) {
      if (block.rows() < target) {
        byWindow
            .computeIfAbsent(Math.floorDiv(block.minStart(), window), key -> new ArrayList<>())
            .add(block);
      }
    }
    return byWindow;
  }

  /** Oldest first, consecutive runs of at most {@code target} rows and at least {@code min}. */
  private static List<List<Block>> upToTarget(List<Block> blocks, long target, int min) {
    List<Block> sorted = new ArrayList<>(blocks);
    sorted.sort(Comparator.comparingLong(Block::minStart));
    List<List<Block>> merges = new ArrayList<>();
    List<Block> current = new ArrayList<>();
    long rows = 0;
    for (Block block : sorted) {
      if (!current.isEmpty()
          && (rows + block.rows() > target || current.size() == maxInputs(min))) {
        addIfAtLeast(merges, current, min);
        current = new ArrayList<>();
        rows = 0;
      }
      current.add(block);
      rows += block.rows();
    }
    addIfAtLeast(merges, current, min);
    return merges;
  }

  /** A tiered merge takes exactly {@link #FAN_IN} blocks; a full one as many as fit. */
  private static int maxInputs(int min) {
    return min == FAN_IN ? FAN_IN : Integer.MAX_VALUE;
  }

  private static void addIfAtLeast(List<List<Block>> merges, List<Block> group, int min) {
    if (group.size() >= min) {
      merges.add(group);
    }
  }
}
