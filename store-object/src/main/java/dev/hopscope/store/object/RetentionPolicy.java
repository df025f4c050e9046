package dev.hopscope.store.object;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * How long each tenant's blocks are kept: a default and per-tenant overrides. A block goes when its
 * newest span ended longer ago than its tenant's retention.
 */
public record RetentionPolicy(Duration defaultRetention, Map<String, Duration> byTenant) {
  public RetentionPolicy {
    requirePositive("retention", defaultRetention);
    byTenant.forEach(
        (tenant, retention) -> {
          BlockKeys.blocksPrefix(tenant);
          requirePositive("retention of tenant " + tenant, retention);
        });
    byTenant = Map.copyOf(new TreeMap<>(byTenant));
  }

  public static RetentionPolicy of(Duration defaultRetention) {
    return new RetentionPolicy(defaultRetention, Map.of());
  }

  public Duration of(String tenant) {
    return byTenant.getOrDefault(tenant, defaultRetention);
  }

  private static void requirePositive(String what, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive; received " + value);
    }
  }
}
