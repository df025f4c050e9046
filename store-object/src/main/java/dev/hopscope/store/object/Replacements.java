package dev.hopscope.store.object;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which listed blocks readers see: all of them except those a listed block replaces (a compactor's
 * output names its inputs in {@link BlockMeta#replaces}). The output's meta is written after its
 * data, so in one listing either the output is absent and the inputs answer, or it is present and
 * they are hidden: no listing shows both or neither.
 *
 * <p>A compactor writes the closure: an output replaces its inputs and whatever they replaced that
 * is still in the bucket. So whether a block is hidden never depends on another hidden block still
 * existing, and hidden blocks can be deleted in any order.
 */
final class Replacements {
  private Replacements() {}

  /**
   * Ids replaced by a listed block that {@code serves}: a replacing block that cannot serve (found
   * corrupt) hides nothing, so its inputs answer again while they exist.
   */
  static Set<String> hidden(List<BlockMeta> listed, Predicate<BlockMeta> serves) {
    Set<String> hidden = new HashSet<>();
    for (BlockMeta meta : listed) {
      if (!meta.replaces().isEmpty() && serves.test(meta)) {
        hidden.addAll(meta.replaces());
      }
    }
    return hidden;
  }

  /** The listed blocks readers see. */
  static List<BlockMeta> visible(List<BlockMeta> listed, Predicate<BlockMeta> serves) {
    Set<String> hidden = hidden(listed, serves);
    List<BlockMeta> out = new ArrayList<>();
    for (BlockMeta meta : listed) {
      if (!hidden.contains(meta.id()) && serves.test(meta)) {
        out.add(meta);
      }
    }
    return out;
  }

  /**
   * {@code doomed} ordered for deletion: hidden blocks before the blocks that hide them, so that
   * deleting a replacing block's meta never shows its inputs again for a moment.
   */
  static List<BlockMeta> deletionOrder(List<BlockMeta> listed, List<BlockMeta> doomed) {
    Set<String> hidden = hidden(listed, meta -> true);
    List<BlockMeta> out = new ArrayList<>();
    for (BlockMeta meta : doomed) {
      if (hidden.contains(meta.id())) {
        out.add(meta);
      }
    }
    for (BlockMeta meta : doomed) {
      if (!hidden.contains(meta.id())) {
        out.add(meta);
      }
    }
    return out;
  }
}
