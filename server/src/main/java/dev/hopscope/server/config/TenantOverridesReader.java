package dev.hopscope.server.config;

import dev.hopscope.server.config.TenantLimits.Limits;
import dev.hopscope.store.TenantNames;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the YAML's {@code overrides} section into each tenant's {@link Limits}. {@link ConfigFile}
 * already refused unknown keys (with their line); this checks the values, and a bad one names its
 * full key ({@code overrides.acme.limits.maxSearchWindow}), the file, the rule and an example.
 */
final class TenantOverridesReader {
  private TenantOverridesReader() {}

  static Map<String, Limits> read(Map<String, Object> section, String file, Limits defaults) {
    Map<String, Limits> out = new LinkedHashMap<>();
    section.forEach(
        (tenant, value) -> {
          String where = TenantLimits.SECTION + "." + tenant;
          try {
            TenantNames.requireValid(tenant);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                where + " (in " + file + ") names " + e.getMessage(), e);
          }
          Map<String, String> values = new LinkedHashMap<>();
          if (value instanceof Map<?, ?> map) {
            flatten(map, "", values);
          } else if (value != null) {
            throw new IllegalArgumentException(
                where
                    + " (in "
                    + file
                    + ") must be a section of limits, e.g. 'limits: {tenantBytesPerSecond:"
                    + " 1000000}'");
          }
          Value v = new Value(where, file, values);
          out.put(
              tenant,
              new Limits(
                  v.count(Setting.TENANT_BYTES_PER_SECOND, defaults.bytesPerSecond()),
                  v.count(Setting.TENANT_BURST_BYTES, defaults.burstBytes()),
                  v.count(Setting.TENANT_SPANS_PER_SECOND, defaults.spansPerSecond()),
                  v.count(Setting.TENANT_BURST_SPANS, defaults.burstSpans()),
                  v.count(Setting.MAX_BYTES_PER_TRACE, defaults.maxBytesPerTrace()),
                  v.duration(Setting.MAX_SEARCH_WINDOW, defaults.maxSearchWindow(), false),
                  v.duration(Setting.RETENTION, defaults.retention(), true),
                  v.count(Setting.RETENTION_BYTES, defaults.retentionBytes())));
        });
    return out;
  }

  private static void flatten(Map<?, ?> map, String prefix, Map<String, String> out) {
    map.forEach(
        (key, value) -> {
          String dotted = prefix + key;
          if (value instanceof Map<?, ?> nested) {
            flatten(nested, dotted + ".", out);
          } else if (value != null) {
            out.put(dotted, value.toString());
          }
        });
  }

  /** One tenant's raw values, parsed with messages that name the full key. */
  private record Value(String where, String file, Map<String, String> values) {
    long count(Setting setting, long fallback) {
      String text = values.get(setting.key());
      if (text == null) {
        return fallback;
      }
      try {
        long value = Long.parseLong(text.trim().replace("_", ""));
        if (value >= 0) {
          return value;
        }
      } catch (NumberFormatException e) {
        // answered below
      }
      throw invalid(setting, text, "must be a whole number, 0 or more (0 = no limit)");
    }

    Duration duration(Setting setting, Duration fallback, boolean positive) {
      String text = values.get(setting.key());
      if (text == null) {
        return fallback;
      }
      Duration value;
      try {
        value = ServerConfig.parseDuration(text);
      } catch (IllegalArgumentException e) {
        throw invalid(setting, text, "must be a duration such as 12h or 7d");
      }
      if (positive && value.isZero()) {
        throw invalid(setting, text, "must be longer than 0");
      }
      return value;
    }

    private IllegalArgumentException invalid(Setting setting, String text, String rule) {
      return new IllegalArgumentException(
          where + "." + setting.key() + " = \"" + text + "\" (in " + file + ") " + rule);
    }
  }
}
