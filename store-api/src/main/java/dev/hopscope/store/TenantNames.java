package dev.hopscope.store;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Tenant names become directory names in the embedded store, so every store accepts the same safe
 * alphabet and rejects the rest with the same message.
 */
public final class TenantNames {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private TenantNames() {}

  public static String requireValid(@Nullable String tenant) {
    if (tenant == null || !VALID.matcher(tenant).matches()) {
      throw new IllegalArgumentException(
          "tenant \""
              + tenant
              + "\" is not a valid tenant name; use 1 to 64 characters from A-Z a-z 0-9 . _ -"
              + " starting with a letter or digit");
    }
    return tenant;
  }
}
