package dev.hopscope.store.embedded;

import dev.hopscope.store.embedded.block.Block;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chooses merges: blocks smaller than the target whose spans start in the same window (by their
 * earliest span) are merged, oldest first, into blocks of at most the target size. Merging only
 * within a window keeps retention dropping whole blocks of roughly one age.
 */
final class CompactionPlan {
  private CompactionPlan() {}

  static List<List<Block>> plan(List<Block> blocks, EmbeddedStoreConfig config) {
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
    List<List<Block>> merges = new ArrayList<>();
    for (List<Block> small : byWindow.values()) {
      small.sort(Comparator.comparingLong(Block::minStart));
      List<Block> current = new ArrayList<>();
      long rows = 0;
      for (Block block : small) {
        if (!current.isEmpty() && rows + block.rows() > target) {
          addIfMerge(merges, current);
          current = new ArrayList<>();
          rows = 0;
        }
        current.add(block);
        rows += block.rows();
      }
      addIfMerge(merges, current);
    }
    return merges;
  }

  private static void addIfMerge(List<List<Block>> merges, List<Block> group) {
    if (group.size() >= 2) {
      merges.add(group);
    }
  }
}
