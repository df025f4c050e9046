package dev.hopscope.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.process.LoggedProcess;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The launcher runs inside the Hopscope server, which has no OTel SDK, H2 or OkHttp of its own:
 * loading and using it must need nothing but the JDK, this module's classes and the JDK-only {@code
 * process} module (the server's own dependency) whose {@link LoggedProcess} it uses.
 */
class LauncherClassPathTest {
  @Test
  void launcherNeedsOnlyTheJdk() throws Exception {
    URL classes = Path.of("target", "classes").toUri().toURL();
    URL process = LoggedProcess.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader jdkOnly =
        new URLClassLoader(new URL[] {classes, process}, ClassLoader.getPlatformClassLoader())) {
      Class<?> launcher = Class.forName("dev.hopscope.demo.ShopLauncher", true, jdkOnly);
      Object builder = launcher.getMethod("builder").invoke(null);
      builder
          .getClass()
          .getMethod("otlpEndpoint", URI.class)
          .invoke(builder, URI.create("http://127.0.0.1:1"));
      builder
          .getClass()
          .getMethod("repoRoot", Path.class)
          .invoke(builder, Path.of("target", "nowhere"));
      Object built = builder.getClass().getMethod("build").invoke(builder);
      Method start = launcher.getMethod("start");
      assertThatThrownBy(() -> start.invoke(built))
          .isInstanceOf(InvocationTargetException.class)
          .cause()
          .isInstanceOf(IllegalStateException.class);

      Class<?> settings =
          Class.forName("dev.hopscope.demo.telemetry.ServiceSettings", true, jdkOnly);
      Method agentEnvironment =
          Class.forName("dev.hopscope.demo.AgentEnvironment", true, jdkOnly)
              .getDeclaredMethod("of", String.class, settings);
      agentEnvironment.setAccessible(true);
      Object env =
          agentEnvironment.invoke(null, "auth", settings.getMethod("defaults").invoke(null));
      assertThat(((Map<?, ?>) env).containsKey("OTEL_RESOURCE_ATTRIBUTES")).isTrue();

      for (String name :
          new String[] {
            "dev.hopscope.demo.RunningShop",
            "dev.hopscope.demo.LoadSettings",
            "dev.hopscope.demo.fault.FaultClient",
            "dev.hopscope.demo.process.Listening"
          }) {
        assertThat(Class.forName(name, true, jdkOnly)).isNotNull();
      }
    }
  }
}
