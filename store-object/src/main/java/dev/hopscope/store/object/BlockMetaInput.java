package dev.hopscope.store.object;

/**
 * What the uploader cannot read from the block file itself: where its spans came from in Kafka.
 *
 * @param partition the Kafka partition, or -1 for spans written without Kafka
 * @param firstOffset the first offset in the block, or -1 without Kafka
 * @param lastOffset the last offset in the block, or -1 without Kafka
 */
public record BlockMetaInput(int partition, long firstOffset, long lastOffset) {
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
  }

  /** A block of spans that did not come through Kafka (in-process writes, tools). */
  public static BlockMetaInput withoutKafka() {
    return new BlockMetaInput(-1, -1, -1);
  }

  public static BlockMetaInput of(int partition, long firstOffset, long lastOffset) {
    return new BlockMetaInput(partition, firstOffset, lastOffset);
  }
}
