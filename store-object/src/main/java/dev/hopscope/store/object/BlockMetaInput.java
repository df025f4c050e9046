package dev.hopscope.store.object;

import java.util.List;

/**
 * What the uploader cannot read from the block file itself: where its spans came from in Kafka,
 * and, for a compactor's output, which blocks it replaces.
 *
 * @param partition the Kafka partition, or -1 for spans written without Kafka
 * @param firstOffset the first offset in the block, or -1 without Kafka
 * @param lastOffset the last offset in the block, or -1 without Kafka
 * @param replaces the blocks merged into this one (see {@link BlockMeta#replaces})
 */
public record BlockMetaInput(
    int partition, long firstOffset, long lastOffset, List<String> replaces) {
  public BlockMetaInput {
    boolean none = partition == -1 && firstOffset == -1 && lastOffset == -1;
    if (!none && (partition < 0 || firstOffset < 0 || lastOffset < firstOffset)) {
      throw new IllegalArgumentException(
          "partition "
              + partition
              + " offsets ["
              + firstOffset
              + ", "
              + lastOffset
              + "]: give a partition >= 0 and first <= last, or -1 for all three (no Kafka)");
    }
    replaces = List.copyOf(replaces);
  }

  public BlockMetaInput(int partition, long firstOffset, long lastOffset) {
    this(partition, firstOffset, lastOffset, List.of());
  }

  /** A block of spans that did not come through Kafka (in-process writes, tools). */
  public static BlockMetaInput withoutKafka() {
    return new BlockMetaInput(-1, -1, -1);
  }

  public static BlockMetaInput of(int partition, long firstOffset, long lastOffset) {
    return new BlockMetaInput(partition, firstOffset, lastOffset);
  }
}
