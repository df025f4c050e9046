package dev.hopscope.server.auth;

import java.util.Locale;
import java.util.Optional;

/** What a token may do. Orthogonal to its tenants: {@code admin} alone reads no trace. */
public enum Permission {
  /** Send spans to the receivers. */
  WRITE,
  /** Query traces, search, aggregates and the UI. */
  READ,
  /** Operate the server: {@code /metrics} (its labels name every tenant). */
  ADMIN;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Permission> parse(String text) {
    for (Permission permission : values()) {
      if (permission.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(permission);
      }
    }
    return Optional.empty();
  }
}
