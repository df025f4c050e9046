package dev.hopscope.demo.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Command-line flags of the form {@code --name value} or {@code --flag}. Each service takes only a
 * handful of flags, so a dependency-free parser keeps the shaded jar small.
 */
public final class Args {
  private final Map<String, String> values;

  private Args(Map<String, String> values) {
    this.values = values;
  }

  /** Parses {@code args}; a flag followed by another flag (or nothing) is a boolean switch. */
  public static Args parse(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException(
            "unexpected argument '" + arg + "': flags look like --name value");
      }
      String name = arg.substring(2);
      if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        values.put(name, args[++i]);
      } else {
        values.put(name, "true");
      }
    }
    return new Args(values);
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  public String require(String name) {
    return get(name).orElseThrow(() -> new IllegalArgumentException("--" + name + " is required"));
  }

  public String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  public int getInt(String name, int fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--" + name + " must be an integer, got '" + value + "'", e);
    }
  }

  public double getDouble(String name, double fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, got '" + value + "'", e);
    }
  }

  public Duration getDuration(String name, Duration fallback) {
    String value = values.get(name);
    return value == null ? fallback : Durations.parse(name, value);
  }
}
