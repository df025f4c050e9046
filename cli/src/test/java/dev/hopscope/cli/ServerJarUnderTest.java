package dev.hopscope.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The runnable jar of this build: failsafe runs after {@code package}, so it sits next to the test
 * classes ({@code cli/<build dir>/hopscope.jar}, whatever {@code -Dhopscope.buildDir} says). {@code
 * -Dhopscope.serverJar=PATH} overrides it.
 */
public final class ServerJarUnderTest {
  private ServerJarUnderTest() {}

  public static Path locate() {
    String override = System.getProperty("hopscope.serverJar");
    if (override != null) {
      return Path.of(override);
    }
    try {
      Path testClasses =
          Path.of(
              ServerJarUnderTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path jar = testClasses.getParent().resolve("hopscope.jar");
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            jar + " is missing: run the ITs with ./mvnw verify (failsafe runs after package)");
      }
      return jar;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
