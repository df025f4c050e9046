package dev.hopscope.server.config;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Resolves each {@link Setting} from, in order of precedence: command-line flags, {@code
 * HOPSCOPE_*} environment variables, the YAML file, the default.
 */
public final class ConfigSources {
  private final Map<Setting, String> flags;
  private final Map<String, String> env;
  private final Map<String, Object> yaml;
  private final String fileName;

  private ConfigSources(
      Map<Setting, String> flags,
      Map<String, String> env,
      Map<String, Object> yaml,
      String fileName) {
    this.flags = flags;
    this.env = env;
    this.yaml = yaml;
    this.fileName = fileName;
  }

  public static ConfigSources of(
      Map<Setting, String> flags, Map<String, String> env, @Nullable Path yamlFile) {
    Map<Setting, String> copy = new EnumMap<>(Setting.class);
    copy.putAll(flags);
    return new ConfigSources(
        copy, Map.copyOf(env), readYaml(yamlFile), yamlFile == null ? "" : yamlFile.toString());
  }

  public String get(Setting setting) {
    String flag = flags.get(setting);
    if (flag != null) {
      return flag;
    }
    String fromEnv = env.get(setting.env());
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.trim();
    }
    Object fromYaml = lookup(yaml, setting.key());
    return fromYaml != null ? fromYaml.toString() : setting.defaultValue();
  }

  /** Where a setting's value came from, for error messages. */
  public String origin(Setting setting) {
    if (flags.containsKey(setting)) {
      return "flag";
    }
    String fromEnv = env.get(setting.env());
    if (fromEnv != null && !fromEnv.isBlank()) {
      return "environment variable " + setting.env();
    }
    if (lookup(yaml, setting.key()) != null) {
      return "config key " + setting.key() + " in " + fileName;
    }
    return "default";
  }

  /**
   * The YAML's per-tenant section ({@link TenantLimits#SECTION}), tenant by tenant; empty without
   * one. Flags and the environment have no per-tenant form.
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> overrides() {
    Object section = yaml.get(TenantLimits.SECTION);
    return section instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  /** The YAML file's name, for messages; empty without one. */
  public String fileName() {
    return fileName;
  }

  @SuppressWarnings("unchecked")
  private static @Nullable Object lookup(Map<String, Object> map, String dottedKey) {
    Object current = map;
    for (String part : dottedKey.split("\\.")) {
      if (!(current instanceof Map<?, ?> m)) {
        return null;
      }
      current = ((Map<String, Object>) m).get(part);
    }
    return current instanceof Map ? null : current;
  }

  private static Map<String, Object> readYaml(@Nullable Path file) {
    return file == null ? Map.of() : ConfigFile.read(file);
  }
}
