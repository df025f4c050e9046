package dev.hopscope.server.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * A YAML configuration file, read strictly: every key must be one of the {@link Setting}s, as the
 * OpenTelemetry Collector does. A typo ({@code retension: 1h}) would otherwise start the server on
 * the default without a word; instead the file is refused, naming the key, its line and the closest
 * valid key.
 */
public final class ConfigFile {
  private ConfigFile() {}

  /** The file's mapping, after checking every key in it. */
  public static Map<String, Object> read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read config file " + file + ": " + e.getMessage(), e);
    }
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    Node root;
    Object loaded;
    try (Reader forNodes = new StringReader(text);
        Reader forValues = new StringReader(text)) {
      root = yaml.compose(forNodes);
      loaded = yaml.load(forValues);
    } catch (YAMLException e) {
      throw new IllegalArgumentException(
          "config file " + file + " is not valid YAML: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException(e); // a StringReader does not fail
    }
    if (loaded == null) {
      return Map.of();
    }
    if (!(root instanceof MappingNode mapping) || !(loaded instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(
          "config file " + file + " must hold a YAML mapping (key: value lines)");
    }
    List<String> problems = new ArrayList<>();
    check(mapping, "", problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "config file "
              + file
              + ": "
              + String.join("; ", problems)
              + " (every key is listed by `hopscope config print` and in the README's"
              + " configuration table)");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> typed = (Map<String, Object>) map;
    return typed;
  }

  private static void check(MappingNode mapping, String prefix, List<String> problems) {
    check(mapping, prefix, "", ALL_KEYS, problems);
  }

  /**
   * Checks every key of {@code mapping} against {@code keys} (dotted, relative to {@code
   * relative}); {@code prefix} is the full key shown in messages. The {@code overrides} section
   * holds one section per tenant, each checked against the keys a tenant may set.
   */
  private static void check(
      MappingNode mapping,
      String prefix,
      String relative,
      List<String> keys,
      List<String> problems) {
    for (NodeTuple tuple : mapping.getValue()) {
      String name =
          tuple.getKeyNode() instanceof ScalarNode scalar
              ? scalar.getValue()
              : tuple.getKeyNode().toString();
      String key = prefix.isEmpty() ? name : prefix + "." + name;
      String own = relative.isEmpty() ? name : relative + "." + name;
      int line = tuple.getKeyNode().getStartMark().getLine() + 1;
      if (prefix.isEmpty() && name.equals(TenantLimits.SECTION)) {
        checkOverrides(tuple.getValueNode(), line, problems);
        continue;
      }
      if (keys.contains(own) || under(own, keys)) {
        continue; // a setting, or inside one that takes a whole section
      }
      if (tuple.getValueNode() instanceof MappingNode section && isSection(own, keys)) {
        check(section, key, own, keys, problems);
        continue;
      }
      String base = key.substring(0, key.length() - own.length());
      problems.add(
          "line "
              + line
              + ": unknown key '"
              + key
              + "'"
              + closest(own, keys).map(k -> "; did you mean '" + base + k + "'?").orElse(""));
    }
  }

  /** {@code overrides: {<tenant>: {<per-tenant keys>}}}. */
  private static void checkOverrides(Node node, int line, List<String> problems) {
    if (!(node instanceof MappingNode tenants)) {
      problems.add(
          "line "
              + line
              + ": "
              + TenantLimits.SECTION
              + " must map tenant names to their limits, e.g. 'overrides: {acme: {retention:"
              + " 30d}}'");
      return;
    }
    for (NodeTuple tuple : tenants.getValue()) {
      String tenant =
          tuple.getKeyNode() instanceof ScalarNode scalar
              ? scalar.getValue()
              : tuple.getKeyNode().toString();
      int tenantLine = tuple.getKeyNode().getStartMark().getLine() + 1;
      String prefix = TenantLimits.SECTION + "." + tenant;
      if (tuple.getValueNode() instanceof MappingNode limits) {
        check(limits, prefix, "", PER_TENANT_KEYS, problems);
      } else if (!(tuple.getValueNode() instanceof ScalarNode empty)
          || !empty.getValue().isEmpty()) {
        problems.add(
            "line "
                + tenantLine
                + ": "
                + prefix
                + " must be a section of the tenant's limits (keys: "
                + String.join(", ", PER_TENANT_KEYS)
                + ")");
      }
    }
  }

  private static final List<String> ALL_KEYS = allKeys();

  private static final List<String> PER_TENANT_KEYS =
      TenantLimits.PER_TENANT.stream().map(Setting::key).toList();

  private static List<String> allKeys() {
    List<String> keys = new ArrayList<>();
    for (Setting setting : Setting.values()) {
      keys.add(setting.key());
    }
    keys.add(TenantLimits.SECTION);
    return List.copyOf(keys);
  }

  private static boolean under(String key, List<String> keys) {
    for (String valid : keys) {
      if (key.startsWith(valid + ".")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isSection(String key, List<String> keys) {
    for (String valid : keys) {
      if (valid.startsWith(key + ".")) {
        return true;
      }
    }
    return false;
  }

  /** The valid key nearest in edit distance, when it is near enough to be the one meant. */
  static Optional<String> closest(String key) {
    return closest(key, ALL_KEYS);
  }

  private static Optional<String> closest(String key, List<String> keys) {
    return keys.stream()
        .min(Comparator.comparingInt((String candidate) -> distance(key, candidate)))
        .filter(candidate -> distance(key, candidate) <= Math.max(2, key.length() / 3));
  }

  /** Levenshtein distance, case-insensitive: {@code retensionbytes} is one letter off. */
  private static int distance(String a, String b) {
    String x = a.toLowerCase(java.util.Locale.ROOT);
    String y = b.toLowerCase(java.util.Locale.ROOT);
    int[] previous = new int[y.length() + 1];
    int[] current = new int[y.length() + 1];
    for (int j = 0; j <= y.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= x.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= y.length(); j++) {
        int substitute = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[y.length()];
  }
}
