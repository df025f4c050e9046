package dev.hopscope.store.object;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Chooses which of a tenant's visible blocks to merge: blocks of one partition whose newest spans
 * ended in the same window, smaller than the target and old enough. A window that has closed is
 * merged fully into blocks of at most the target size; the window still receiving blocks is
 * size-tiered, {@link #FAN_IN} blocks of one size class at a time, so a span is rewritten once per
 * factor of {@link #FAN_IN} in block size instead of once per cycle.
 *
 * <p>The embedded engine ({@code CompactionPlan}) instead waits in the open window until a run
 * fills a block, rewriting a span once. Not here: a block-builder cuts a partition's blocks every
 * cycle (30 s by default), so at modest rates a window would pile up dozens of small blocks, each
 * one more object a querier reads from the bucket, where the tiers keep at most three per class.
 *
 * <p>Inputs are taken in id order, so the same blocks give the same merges (and the same merged id)
 * when a pass is redone.
 */
final class CompactionPlanner {
  static final int FAN_IN = 4;

  private CompactionPlanner() {}

  private record Group(int partition, long window) {}

  static List<List<BlockMeta>> plan(
      List<BlockMeta> visible, Set<String> excluded, CompactionSettings settings, long nowNanos) {
    long window = settings.window().toNanos();
    long youngest = nowNanos - settings.minBlockAge().toNanos();
    Map<Group, List<BlockMeta>> groups =
        new TreeMap<>(Comparator.comparingInt(Group::partition).thenComparingLong(Group::window));
    for (BlockMeta meta : visible) {
      if (meta.spans() >= settings.targetSpans()
          || excluded.contains(meta.id())
          || nanos(meta) > youngest) {
        continue;
      }
      groups
          .computeIfAbsent(
              new Group(meta.partition(), Math.floorDiv(meta.maxEndNanos(), window)),
              g -> new ArrayList<>())
          .add(meta);
    }
    List<List<BlockMeta>> merges = new ArrayList<>();
    for (Map.Entry<Group, List<BlockMeta>> group : groups.entrySet()) {
      List<BlockMeta> blocks = group.getValue();
      blocks.sort(Comparator.comparing(BlockMeta::id));
      long windowEnd = (group.getKey().window() + 1) * window;
      if (windowEnd <= youngest) {
        merges.addAll(upToTarget(blocks, settings.targetSpans(), 2, Integer.MAX_VALUE));
        continue;
      }
      Map<Integer, List<BlockMeta>> byClass = new TreeMap<>();
      for (BlockMeta block : blocks) {
        byClass.computeIfAbsent(sizeClass(block.spans()), c -> new ArrayList<>()).add(block);
      }
      for (List<BlockMeta> sameClass : byClass.values()) {
        merges.addAll(upToTarget(sameClass, settings.targetSpans(), FAN_IN, FAN_IN));
      }
    }
    return merges;
  }

  /** log4 of the spans: blocks within a factor of four of each other share a class. */
  static int sizeClass(long spans) {
    int sizeClass = 0;
    for (long s = Math.max(spans, 1); s >= FAN_IN; s /= FAN_IN) {
      sizeClass++;
    }
    return sizeClass;
  }

  private static long nanos(BlockMeta meta) {
    return meta.createdAt().getEpochSecond() * 1_000_000_000L + meta.createdAt().getNano();
  }

  /** Consecutive runs of at most {@code target} spans, {@code min} to {@code max} blocks each. */
  private static List<List<BlockMeta>> upToTarget(
      List<BlockMeta> blocks, long target, int min, int max) {
    List<List<BlockMeta>> merges = new ArrayList<>();
    List<BlockMeta> current = new ArrayList<>();
    long spans = 0;
    for (BlockMeta block : blocks) {
      if (!current.isEmpty() && (spans + block.spans() > target || current.size() == max)) {
        if (current.size() >= min) {
          merges.add(current);
        }
        current = new ArrayList<>();
        spans = 0;
      }
      current.add(block);
      spans += block.spans();
    }
    if (current.size() >= min) {
      merges.add(current);
    }
    return merges;
  }
}
