package dev.hopscope.server.config;

import dev.hopscope.store.TenantNames;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The compactor role's settings ({@code compactor.*}). Retention's default is the top-level {@code
 * retention}, the same key the single process uses.
 *
 * @param retentionByTenant tenants whose retention differs from {@code retention}
 */
public record CompactorConfig(
    Duration cycle,
    Duration leaseDuration,
    Duration window,
    Duration deleteGrace,
    Map<String, Duration> retentionByTenant) {
  public CompactorConfig {
    retentionByTenant = Map.copyOf(retentionByTenant);
  }

  /** The defaults in {@link Setting}. */
  public static CompactorConfig defaults() {
    return new CompactorConfig(
        Duration.ofSeconds(30),
        Duration.ofMinutes(2),
        Duration.ofHours(1),
        Duration.ofMinutes(5),
        Map.of());
  }

  /**
   * Parses {@code acme=30d,beta=12h} (empty: no overrides). The message of a bad entry names it and
   * the expected form.
   */
  static Map<String, Duration> parseRetentionByTenant(String text) {
    Map<String, Duration> out = new LinkedHashMap<>();
    if (text.isBlank()) {
      return out;
    }
    for (String entry : text.split(",")) {
      String trimmed = entry.trim();
      int equals = trimmed.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(
            "has the entry \""
                + trimmed
                + "\"; write tenant=duration pairs separated by commas, e.g. acme=30d,beta=12h");
      }
      String tenant = trimmed.substring(0, equals).trim();
      String duration = trimmed.substring(equals + 1).trim();
      try {
        TenantNames.requireValid(tenant);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("names " + e.getMessage(), e);
      }
      Duration retention;
      try {
        retention = ServerConfig.parseDuration(duration);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "gives tenant " + tenant + " a bad " + e.getMessage(), e);
      }
      if (retention.isZero()) {
        throw new IllegalArgumentException("gives tenant " + tenant + " a retention of 0");
      }
      if (out.put(tenant, retention) != null) {
        throw new IllegalArgumentException("names tenant " + tenant + " twice");
      }
    }
    return out;
  }
}
