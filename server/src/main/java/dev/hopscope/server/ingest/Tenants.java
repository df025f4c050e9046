package dev.hopscope.server.ingest;

import dev.hopscope.store.TenantNames;
import org.jspecify.annotations.Nullable;

/**
 * Tenant ids from the {@code X-Scope-OrgID} header (Tempo's convention). Tenants name directories,
 * so the id is checked before it reaches the store.
 */
public final class Tenants {
  /** The tenant of requests without the header, as in Tempo. */
  public static final String DEFAULT = "single-tenant";

  public static final String HEADER = "X-Scope-OrgID";

  private Tenants() {}

  /** The tenant for a header value (null or blank = default). */
  public static String fromHeader(@Nullable String header) {
    if (header == null || header.isBlank()) {
      return DEFAULT;
    }
    String tenant = header.trim();
    try {
      return TenantNames.requireValid(tenant);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(HEADER + ": " + e.getMessage(), e);
    }
  }
}
