package dev.hopscope.server.cli;

import java.nio.file.Path;

/** Where the runnable server jar is: {@code server/target/hopscope.jar} under the checkout. */
final class ServerJar {
  static final String RELATIVE = "server/target/hopscope.jar";

  private ServerJar() {}

  /** The home the launcher passes as {@code hopscope.home}, else the working directory. */
  static Path home() {
    return Path.of(System.getProperty("hopscope.home", ".")).toAbsolutePath().normalize();
  }

  static Path resolve(Path flag) {
    return flag != null ? flag.toAbsolutePath() : home().resolve(RELATIVE);
  }
}
