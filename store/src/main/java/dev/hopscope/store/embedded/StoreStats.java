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
   * @param blocksDroppedByRetention blocks deleted for age or size since the store opened
   */
  public record TenantStats(
      long blockBytes,
      long walBytes,
      int blocks,
      long blockSpans,
      long headSpans,
      long quarantinedBlocks,
      long compactions,
      long blocksDroppedByRetention) {
    /** Bytes on disk: blocks plus WAL. */
    public long diskBytes() {
      return blockBytes + walBytes;
    }
  }
}
