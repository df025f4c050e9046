package dev.hopscope.server.config;

import dev.hopscope.store.TenantNames;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-tenant limits and retention, Tempo's "overrides": defaults from the flat settings ({@code
 * limits.tenantBytesPerSecond}, {@code retention}, ...: flags, environment or YAML) and, for the
 * tenants the YAML names under {@code overrides}, values of their own. A tenant's section uses the
 * same keys as the defaults, so there is nothing new to learn:
 *
 * <pre>
 * overrides:
 *   acme:
 *     limits:
 *       tenantBytesPerSecond: 5000000
 *       maxSearchWindow: 30d
 *     retention: 30d
 * </pre>
 *
 * Keys a tenant leaves out take the defaults. Per-tenant values come only from the YAML: a map of
 * tenants does not fit one environment variable well, and one file is one place to read them.
 *
 * @param defaults what every tenant not named gets
 * @param overrides the tenants named, each with every value filled in
 */
public record TenantLimits(Limits defaults, Map<String, Limits> overrides) {

  /** The settings a tenant's section may set, in the order {@code config print} shows them. */
  public static final List<Setting> PER_TENANT =
      List.of(
          Setting.TENANT_BYTES_PER_SECOND,
          Setting.TENANT_BURST_BYTES,
          Setting.TENANT_SPANS_PER_SECOND,
          Setting.TENANT_BURST_SPANS,
          Setting.MAX_BYTES_PER_TRACE,
          Setting.MAX_SEARCH_WINDOW,
          Setting.RETENTION,
          Setting.RETENTION_BYTES);

  /** The YAML section holding per-tenant values. */
  public static final String SECTION = "overrides";

  /**
   * One tenant's limits; 0 (or {@link Duration#ZERO}) is "no limit", and a burst of 0 is one
   * second's worth of its rate.
   */
  public record Limits(
      long bytesPerSecond,
      long burstBytes,
      long spansPerSecond,
      long burstSpans,
      long maxBytesPerTrace,
      Duration maxSearchWindow,
      Duration retention,
      long retentionBytes) {}

  public TenantLimits {
    overrides = Map.copyOf(overrides);
  }

  /** No limits at all and the default retention of 7 days: what tests start from. */
  public static TenantLimits none() {
    return new TenantLimits(
        new Limits(0, 0, 0, 0, 0, Duration.ZERO, Duration.ofDays(7), 0), Map.of());
  }

  /** The limits of {@code tenant}: its own when the YAML names it, else the defaults. */
  public Limits of(String tenant) {
    return overrides.getOrDefault(tenant, defaults);
  }

  /** Retention age of the tenants whose age differs from the default's. */
  public Map<String, Duration> retentionByTenant() {
    Map<String, Duration> out = new LinkedHashMap<>();
    overrides.forEach(
        (tenant, limits) -> {
          if (!limits.retention().equals(defaults.retention())) {
            out.put(tenant, limits.retention());
          }
        });
    return out;
  }

  /** Retention bytes of the tenants whose limit differs from the default's; 0 = no limit. */
  public Map<String, Long> retentionBytesByTenant() {
    Map<String, Long> out = new LinkedHashMap<>();
    overrides.forEach(
        (tenant, limits) -> {
          if (limits.retentionBytes() != defaults.retentionBytes()) {
            out.put(tenant, limits.retentionBytes());
          }
        });
    return out;
  }

  /** True when some tenant has a search window (the query APIs then check it). */
  public boolean limitsSearchWindows() {
    return !defaults.maxSearchWindow().isZero()
        || overrides.values().stream().anyMatch(l -> !l.maxSearchWindow().isZero());
  }

  /** This with other defaults; the overrides keep their own values. */
  public TenantLimits withDefaults(Limits newDefaults) {
    return new TenantLimits(newDefaults, overrides);
  }

  /** This with {@code tenant}'s own limits. */
  public TenantLimits withOverride(String tenant, Limits limits) {
    Map<String, Limits> copy = new LinkedHashMap<>(overrides);
    copy.put(TenantNames.requireValid(tenant), limits);
    return new TenantLimits(defaults, copy);
  }

  /**
   * The defaults from {@code sources}, then the YAML's {@code overrides}; {@code
   * compactor.retentionByTenant} (the older, environment-friendly form of per-tenant retention) is
   * merged in, and a tenant given two different ages there and under {@code overrides} is refused.
   */
  static TenantLimits from(ConfigSources sources, Map<String, Duration> compactorRetention) {
    Limits defaults =
        new Limits(
            count(sources, Setting.TENANT_BYTES_PER_SECOND),
            count(sources, Setting.TENANT_BURST_BYTES),
            count(sources, Setting.TENANT_SPANS_PER_SECOND),
            count(sources, Setting.TENANT_BURST_SPANS),
            count(sources, Setting.MAX_BYTES_PER_TRACE),
            ServerConfig.duration(sources, Setting.MAX_SEARCH_WINDOW),
            ServerConfig.duration(sources, Setting.RETENTION),
            count(sources, Setting.RETENTION_BYTES));
    Map<String, Limits> overrides = new LinkedHashMap<>();
    TenantOverridesReader.read(sources.overrides(), sources.fileName(), defaults)
        .forEach(overrides::put);
    compactorRetention.forEach(
        (tenant, age) -> {
          Limits own = overrides.get(tenant);
          if (own == null) {
            overrides.put(tenant, withRetention(defaults, age));
          } else if (!own.retention().equals(age)
              && !own.retention().equals(defaults.retention())) {
            throw ServerConfig.invalid(
                sources,
                Setting.COMPACTOR_RETENTION_BY_TENANT,
                "gives tenant "
                    + tenant
                    + " a retention of "
                    + age
                    + " but overrides."
                    + tenant
                    + ".retention says "
                    + own.retention()
                    + "; keep one of them (overrides is the one place for per-tenant values)");
          } else {
            overrides.put(tenant, withRetention(own, age));
          }
        });
    return new TenantLimits(defaults, overrides);
  }

  private static Limits withRetention(Limits limits, Duration age) {
    return new Limits(
        limits.bytesPerSecond(),
        limits.burstBytes(),
        limits.spansPerSecond(),
        limits.burstSpans(),
        limits.maxBytesPerTrace(),
        limits.maxSearchWindow(),
        age,
        limits.retentionBytes());
  }

  private static long count(ConfigSources sources, Setting setting) {
    try {
      long value = Long.parseLong(sources.get(setting).trim().replace("_", ""));
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ServerConfig.invalid(sources, setting, "must be a whole number, 0 or more");
  }
}
