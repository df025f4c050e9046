package dev.hopscope.server.auth;

import java.time.Duration;

/** The answer to "may this request do that, and for which tenant?". */
public sealed interface Access {
  /** Go ahead, acting for {@code tenant}. */
  record Granted(String tenant) implements Access {}

  /**
   * Refused: 401/UNAUTHENTICATED ({@code unauthenticated}) or 403/PERMISSION_DENIED. The message
   * names what is missing and the fix, never whether a tenant or trace exists. {@code delay}:
   * answer only after it (repeated failures from one address).
   */
  record Refused(boolean unauthenticated, String reason, String message, Duration delay)
      implements Access {
    public int httpStatus() {
      return unauthenticated ? 401 : 403;
    }
  }

  /** The X-Scope-OrgID header is not a tenant name: 400, answered in the endpoint's own style. */
  record InvalidTenant(String message) implements Access {}
}
