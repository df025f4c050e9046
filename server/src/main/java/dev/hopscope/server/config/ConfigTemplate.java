package dev.hopscope.server.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The release's {@code conf/hopscope.yaml}: every {@link Setting} with its default and meaning,
 * each commented out, written from the enum at build time so the file cannot drift from the code.
 * Removing the {@code #} before a key (and before its section's line) makes it take effect.
 */
public final class ConfigTemplate {
  private ConfigTemplate() {}

  /** Run by the dist module's build: {@code ConfigTemplate <output file>}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ConfigTemplate <output file>");
    }
    Path out = Path.of(args[0]);
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.writeString(out, text());
  }

  public static String text() {
    List<String> lines = new ArrayList<>();
    lines.add("# Hopscope configuration: `hopscope serve --config conf/hopscope.yaml`.");
    lines.add(
        "# Every key is listed with its default, commented out. Remove the '#' in front of a");
    lines.add("# key (and in front of its section, e.g. 'limits:') to set it. A flag wins over a");
    lines.add("# HOPSCOPE_* environment variable, which wins over this file. Unknown keys are");
    lines.add("# refused at start; `hopscope config check FILE` checks a file without starting.");
    List<String> section = List.of();
    for (Setting setting : Setting.values()) {
      List<String> parts = List.of(setting.key().split("\\."));
      List<String> parent = parts.subList(0, parts.size() - 1);
      String name = parts.get(parts.size() - 1);
      if (!parent.equals(section)) {
        lines.add("");
        int common = 0;
        while (common < Math.min(parent.size(), section.size())
            && parent.get(common).equals(section.get(common))) {
          common++;
        }
        // Open only the sections not already open (tls: stays open for tls.otlpGrpc:).
        for (int depth = common; depth < parent.size(); depth++) {
          lines.add("  ".repeat(depth) + "#" + parent.get(depth) + ":");
        }
        section = parent;
      } else if (parent.isEmpty()) {
        lines.add("");
      }
      String indent = "  ".repeat(parent.size());
      lines.add(indent + "# " + setting.description() + " (" + setting.env() + ")");
      lines.add(indent + "#" + name + ": " + quoted(setting.defaultValue()));
    }
    lines.add("");
    lines.add(
        "# Per-tenant limits and retention: a section per tenant under 'overrides', with the");
    lines.add("# same keys as the defaults above (" + perTenantKeys() + ").");
    lines.add("# Keys a tenant leaves out take the defaults. For example:");
    lines.add("# overrides:");
    lines.add("#   acme:");
    lines.add("#     limits:");
    lines.add("#       tenantBytesPerSecond: 5000000");
    lines.add("#       maxSearchWindow: 30d");
    lines.add("#     retention: 30d");
    return String.join("\n", lines) + "\n";
  }

  private static String perTenantKeys() {
    return String.join(", ", TenantLimits.PER_TENANT.stream().map(Setting::key).toList());
  }

  /** A YAML double-quoted scalar: the value exactly, whatever it holds. */
  private static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
