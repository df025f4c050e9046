package dev.hopscope.cli;

import dev.hopscope.server.config.ConfigSources;
import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.server.config.Setting;
import dev.hopscope.server.config.TenantLimits;
import dev.hopscope.server.logging.LogSetup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hopscope config check FILE} and {@code hopscope config print}: configuration, offline. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Checks a configuration file, or prints the effective configuration.",
    subcommands = {ConfigCommand.Check.class, ConfigCommand.Print.class})
final class ConfigCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Validates a YAML configuration file as `serve --config FILE` would read it (unknown keys,",
        "values, their ranges), without starting anything. Exit code 0 when it is valid, 1 if not."
      })
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    // A single positional is required: picocli refuses a command line without it before call().
    @SuppressWarnings("NullAway.Init")
    @Parameters(paramLabel = "FILE", description = "The YAML file.")
    Path file;

    @Override
    public Integer call() {
      try {
        ConfigSources sources = ConfigSources.of(Map.of(), Map.of(), file);
        LogSetup.from(sources);
        ServerConfig.from(sources);
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("hopscope config check: " + e.getMessage());
        return 1;
      }
      spec.commandLine().getOut().println(file + ": valid");
      return 0;
    }
  }

  @Command(
      name = "print",
      mixinStandardHelpOptions = true,
      description = {
        "Prints every setting as `serve` with the same flags, environment and --config file would",
        "use it, and where each value came from: flag, environment variable, file or default."
      })
  static final class Print implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ServerOptions options = new ServerOptions();

    @Override
    public Integer call() {
      ConfigSources sources;
      ServerConfig config;
      try {
        sources = options.sources(System.getenv());
        LogSetup.from(sources);
        config = ServerConfig.from(sources);
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("hopscope config print: " + e.getMessage());
        return 1;
      }
      PrintWriter out = spec.commandLine().getOut();
      for (Setting setting : Setting.values()) {
        out.printf(
            "%-32s %-24s # %s%n",
            setting.key(), shown(setting, sources.get(setting)), sources.origin(setting));
      }
      printOverrides(out, sources, config.tenantLimits());
      out.flush();
      return 0;
    }

    /**
     * Each tenant of {@code overrides} with every per-tenant value in effect: its own, or the
     * default it takes.
     */
    private static void printOverrides(
        PrintWriter out, ConfigSources sources, TenantLimits limits) {
      for (String tenant : new java.util.TreeSet<>(limits.overrides().keySet())) {
        Object section = sources.overrides().get(tenant);
        for (Setting setting : TenantLimits.PER_TENANT) {
          Object own = lookup(section, setting.key());
          String value = own != null ? own.toString() : sources.get(setting);
          String origin = own != null ? "config file " + sources.fileName() : "default";
          java.time.Duration age = limits.of(tenant).retention();
          if (own == null
              && setting == Setting.RETENTION
              && !age.equals(limits.defaults().retention())) {
            value = age.toHours() % 24 == 0 ? age.toDays() + "d" : age.toMinutes() + "m";
            origin = "compactor.retentionByTenant";
          }
          out.printf(
              "%-32s %-24s # %s%n",
              TenantLimits.SECTION + "." + tenant + "." + setting.key(), value, origin);
        }
      }
    }

    /** The value at {@code dottedKey} under {@code section}; null when the file does not set it. */
    private static @Nullable Object lookup(@Nullable Object section, String dottedKey) {
      Object current = section;
      for (String part : dottedKey.split("\\.")) {
        if (!(current instanceof Map<?, ?> map)) {
          return null;
        }
        current = map.get(part);
      }
      return current instanceof Map ? null : current;
    }

    /** Secrets are never printed, only whether they are set. */
    private static String shown(Setting setting, String value) {
      String key = setting.key().toLowerCase(Locale.ROOT);
      boolean secret = key.contains("secret") || key.endsWith("token");
      if (secret) {
        return value.isEmpty() ? "(not set)" : "(set, hidden)";
      }
      return value.isEmpty() ? "\"\"" : value;
    }
  }
}
