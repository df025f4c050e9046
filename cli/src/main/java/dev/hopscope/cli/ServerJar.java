package dev.hopscope.cli;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** Where the runnable server jar is: {@code cli/target/hopscope.jar} under the checkout. */
final class ServerJar {
  static final String RELATIVE = "cli/target/hopscope.jar";

  private ServerJar() {}

  /** The home the launcher passes as {@code hopscope.home}, else the working directory. */
  static Path home() {
    return Path.of(System.getProperty("hopscope.home", ".")).toAbsolutePath().normalize();
  }

  /**
   * The flag's jar, else the jar this JVM runs from ({@code java -jar .../hopscope.jar}), else the
   * one under {@link #home()}.
   */
  static Path running(@Nullable Path flag) {
    if (flag != null) {
      return flag.toAbsolutePath();
    }
    try {
      Path self = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (self.getFileName().toString().endsWith(".jar")) {
        return self;
      }
    } catch (java.net.URISyntaxException | RuntimeException e) {
      // fall back to the checkout's jar
    }
    return resolve(null);
  }

  static Path resolve(@Nullable Path flag) {
    return flag != null ? flag.toAbsolutePath() : home().resolve(RELATIVE);
  }
}
