package dev.hopscope.store.embedded;

import dev.hopscope.store.embedded.internal.block.Block;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Retention by size, per tenant first: a tenant over its {@code retentionBytes} loses its own
 * oldest blocks, so one busy tenant never deletes another's data. Then the optional total cap:
 * while the store is over it, the largest tenant loses its oldest block — the tenant that uses the
 * most pays, and a small tenant keeps its data while any larger one has some to give.
 */
final class SizeRetention {
  private SizeRetention() {}

  /** Drops the blocks the limits take; returns how many. */
  static int enforce(Map<String, TenantStore> tenants, EmbeddedStoreConfig config) {
    // One read of the tenants for the whole pass. A tenant a write creates meanwhile has no blocks
    // yet and waits for the next round; when each loop read the map afresh, such a tenant was
    // looked up in maps built by the first loop (NullPointerException, and no size limits that
    // round for anyone).
    List<TenantBytes> all = new ArrayList<>();
    long total = 0;
    for (Map.Entry<String, TenantStore> tenant : tenants.entrySet()) {
      TenantBytes bytes = new TenantBytes(tenant.getKey(), tenant.getValue());
      all.add(bytes);
      total += bytes.bytes;
    }
    int dropped = 0;
    for (TenantBytes tenant : all) {
      long limit = config.retentionBytes(tenant.name);
      while (tenant.bytes > limit) {
        total -= tenant.dropOldest();
        dropped++;
      }
    }
    while (total > config.totalRetentionBytes()) {
      TenantBytes largest =
          all.stream()
              .filter(tenant -> !tenant.oldestFirst.isEmpty())
              .max(Comparator.comparingLong(tenant -> tenant.bytes))
              .orElseThrow();
      total -= largest.dropOldest();
      dropped++;
    }
    for (TenantBytes tenant : all) {
      if (!tenant.drop.isEmpty()) {
        tenant.store.drop(
            tenant.drop,
            "to keep the tenant under retentionBytes (or the store under its total cap)");
      }
    }
    return dropped;
  }

  /** One tenant's blocks while the size limits are applied: what is left, and what goes. */
  private static final class TenantBytes {
    final String name;
    final TenantStore store;
    final ArrayDeque<Block> oldestFirst;
    final List<Block> drop = new ArrayList<>();
    long bytes;

    TenantBytes(String name, TenantStore store) {
      this.name = name;
      this.store = store;
      List<Block> blocks = new ArrayList<>(store.blocks());
      blocks.sort(Comparator.comparingLong(Block::maxEnd));
      oldestFirst = new ArrayDeque<>(blocks);
      bytes = blocks.stream().mapToLong(Block::sizeBytes).sum();
    }

    /** Moves the oldest block left to the ones that go; returns its size. */
    long dropOldest() {
      Block oldest = oldestFirst.removeFirst();
      drop.add(oldest);
      bytes -= oldest.sizeBytes();
      return oldest.sizeBytes();
    }
  }
}
