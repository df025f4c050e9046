package dev.hopscope.server.logging;

import dev.hopscope.server.config.ConfigSources;
import dev.hopscope.server.config.Setting;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How the server logs: one line per record on standard error, as text for people or as JSON for log
 * shippers ({@code log.format}), from {@code log.level} up. Everything logs through the JDK's
 * {@code System.Logger} and, for libraries, SLF4J bound to java.util.logging, so configuring the
 * root java.util.logging logger covers both.
 */
public final class LogSetup {
  /** The formats {@code log.format} accepts. */
  public enum Format {
    TEXT,
    JSON
  }

  private final Format format;
  private final Level level;

  private LogSetup(Format format, Level level) {
    this.format = format;
    this.level = level;
  }

  /** Reads {@code log.format} and {@code log.level}; a bad value names the key and the choices. */
  public static LogSetup from(ConfigSources sources) {
    return new LogSetup(format(sources), level(sources));
  }

  public Format format() {
    return format;
  }

  public Level level() {
    return level;
  }

  /** Replaces the root logger's handlers with one that writes this format at this level. */
  public void apply() {
    Logger root = Logger.getLogger("");
    for (Handler handler : root.getHandlers()) {
      root.removeHandler(handler);
    }
    Formatter formatter = format == Format.JSON ? new JsonLogFormatter() : new TextLogFormatter();
    ConsoleHandler handler = new ConsoleHandler();
    handler.setFormatter(formatter);
    handler.setLevel(level);
    root.addHandler(handler);
    root.setLevel(level);
  }

  private static Format format(ConfigSources sources) {
    String value = sources.get(Setting.LOG_FORMAT).trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "text" -> Format.TEXT;
      case "json" -> Format.JSON;
      default ->
          throw new IllegalArgumentException(
              Setting.LOG_FORMAT.key()
                  + " is '"
                  + value
                  + "' ("
                  + sources.origin(Setting.LOG_FORMAT)
                  + "); use text or json");
    };
  }

  private static Level level(ConfigSources sources) {
    String value = sources.get(Setting.LOG_LEVEL).trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "error" -> Level.SEVERE;
      case "warn" -> Level.WARNING;
      case "info" -> Level.INFO;
      case "debug" -> Level.FINE;
      case "trace" -> Level.FINEST;
      default ->
          throw new IllegalArgumentException(
              Setting.LOG_LEVEL.key()
                  + " is '"
                  + value
                  + "' ("
                  + sources.origin(Setting.LOG_LEVEL)
                  + "); use error, warn, info, debug or trace");
    };
  }

  /** The level's name as people and log shippers say it (java.util.logging's are its own). */
  static String levelName(Level level) {
    int value = level.intValue();
    if (value >= Level.SEVERE.intValue()) {
      return "ERROR";
    }
    if (value >= Level.WARNING.intValue()) {
      return "WARN";
    }
    if (value >= Level.INFO.intValue()) {
      return "INFO";
    }
    if (value >= Level.FINE.intValue()) {
      return "DEBUG";
    }
    return "TRACE";
  }
}
