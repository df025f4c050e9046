package dev.hopscope.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the shop's runnable jar ({@code demo/target/hopscope-demo.jar}, built with the server) and
 * builds command lines for it. The shop runs in processes of its own, with the OpenTelemetry SDK
 * and agent on their classpaths, so the server never loads them.
 */
final class DemoJar {
  static final String RELATIVE = "demo/target/hopscope-demo.jar";

  private final Path home;
  private final Path jar;

  private DemoJar(Path home, Path jar) {
    this.home = home;
    this.jar = jar;
  }

  /** The jar under {@code hopscope.home} (set by the launcher) or the working directory. */
  static DemoJar locate() {
    Path home = Path.of(System.getProperty("hopscope.home", ".")).toAbsolutePath().normalize();
    Path jar = home.resolve(RELATIVE);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "the shop's jar "
              + jar
              + " is missing; run ./hopscope from the repository root (it builds it), or"
              + " ./mvnw package -DskipTests");
    }
    return new DemoJar(home, jar);
  }

  Path home() {
    return home;
  }

  /** {@code java -cp <jar> <mainClass> args...} with this JVM's java. */
  List<String> command(String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-cp");
    command.add(jar.toString());
    command.add(mainClass);
    command.addAll(args);
    return command;
  }
}
