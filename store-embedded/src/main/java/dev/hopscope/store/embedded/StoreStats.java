package dev.hopscope.store.embedded;

import java.util.Map;

/**
 * What the server exports on {@code /metrics} about the embedded store.
 *
 * @param tenants per-tenant figures, by tenant name
 * @param quarantinedBlocks blocks moved aside as corrupt since the data directory was created
 */
public record StoreStats(Map<String, TenantStats> tenants, long quarantinedBlocks) {
  public StoreStats {
    tenants = Map.copyOf(tenants);
  }

  /**
   * @param blockBytes bytes of live block files
   * @param walBytes bytes of WAL segments not yet cut into blocks
   * @param blocks live blocks
   * @param blockSpans spans in live blocks
   * @param headSpans spans only in the head (and WAL) so far
   * @param quarantinedBlocks corrupt blocks of this tenant moved to its quarantine directory
   * @param compactions merges done since the store opened
   * @param mergeWaitNanos time merges stood aside for reads since the store opened
   * @param blocksDroppedByRetention blocks deleted for age or size since the store opened
   * @param walDamagedRanges ranges of the WAL that replay found damaged when the store opened (not
   *     torn tails, which were never acknowledged); each was skipped, logged with its byte range
   *     and its segment copied to the quarantine directory
   * @param walSpansLost spans in those ranges, as their record headers state; a range whose header
   *     is damaged too adds to {@code walDamagedRanges} only
   */
  public record TenantStats(
      long blockBytes,
      long walBytes,
      int blocks,
      long blockSpans,
      long headSpans,
      long quarantinedBlocks,
      long compactions,
      long mergeWaitNanos,
      long blocksDroppedByRetention,
      long walDamagedRanges,
      long walSpansLost) {
    /** Bytes on disk: blocks plus WAL. */
    public long diskBytes() {
      return blockBytes + walBytes;
    }
  }
}
